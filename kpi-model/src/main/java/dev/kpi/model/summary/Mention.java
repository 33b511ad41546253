package dev.kpi.model.summary;

import dev.kpi.model.KpiStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** Who the summary notifies: a user, a user group, everyone here or in the channel, or nobody. */
@Value.Immutable
@KpiStyle
public interface Mention {
  /** The kinds Slack supports in a message. */
  enum Kind {
    NONE,
    USER,
    USER_GROUP,
    HERE,
    CHANNEL
  }

  @Value.Parameter
  Kind kind();

  /** The Slack id of the user (U…) or user group (S…); empty for the other kinds. */
  @Value.Parameter
  Optional<String> id();

  static Mention none() {
    return ImmutableMention.of(Kind.NONE, Optional.empty());
  }

  static Mention user(String userId) {
    return ImmutableMention.of(Kind.USER, Optional.of(userId));
  }

  static Mention userGroup(String groupId) {
    return ImmutableMention.of(Kind.USER_GROUP, Optional.of(groupId));
  }

  static Mention here() {
    return ImmutableMention.of(Kind.HERE, Optional.empty());
  }

  static Mention channel() {
    return ImmutableMention.of(Kind.CHANNEL, Optional.empty());
  }
}
