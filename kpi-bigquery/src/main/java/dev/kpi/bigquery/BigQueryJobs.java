package dev.kpi.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.kpi.runtime.KpiException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Starts BigQuery query jobs and waits for them, with the semantics a scheduler needs:
 *
 * <ul>
 *   <li><b>Every intent runs.</b> A job id is the caller's base id (table, window, definition,
 *       and the run: the scheduler's {@code --run-id}, or a new id for each invocation) with an
 *       attempt number, {@code _a1}, {@code _a2}, ... So a second {@code kpi run} of a date, a
 *       {@code --force} or a dimension rebuild always starts jobs BigQuery executes.
 *   <li><b>A retried task re-attaches</b> (same {@code --run-id}) to the job an earlier attempt
 *       started when that job is pending, running or succeeded, and says so; a job that failed
 *       is never re-reported: the next attempt id runs it again.
 *   <li><b>Retryable job errors</b> ({@code backendError}, {@code internalError}, {@code
 *       rateLimitExceeded}, a transaction aborted by a concurrent update) are retried in-process
 *       under new attempt ids with bounded exponential backoff; other errors fail at once with the
 *       job id and BigQuery's message.
 *   <li><b>Polling reads the job's state</b> (PENDING, RUNNING, DONE) and gives up after the job
 *       timeout, below the scheduler's, naming the job.
 * </ul>
 *
 * BigQuery answers a jobs.insert of an existing id with 409; the official client then fetches
 * that job and returns it as if it had been created. A label carrying this call's own token
 * tells a job this call started from one it found.
 */
final class BigQueryJobs {
  /** Job errors worth another attempt: BigQuery's transient reasons. */
  private static final Set<String> RETRYABLE = Set.of("backendError", "internalError", "rateLimitExceeded");

  private static final String TOKEN_LABEL = "kpi_attempt";

  private final BigQuery bigQuery;
  private final BigQuerySettings settings;
  private final Consumer<String> log;

  BigQueryJobs(BigQuery bigQuery, BigQuerySettings settings, Consumer<String> log) {
    this.bigQuery = bigQuery;
    this.settings = settings;
    this.log = log;
  }

  /** A job that ran: the job, and whether an earlier attempt of the run had started it. */
  record Ran(Job job, boolean reused) {
    String id() {
      return job.getJobId().getJob();
    }

    Long bytesProcessed() {
      JobStatistics.QueryStatistics statistics = job.getStatistics();
      return statistics == null ? null : statistics.getTotalBytesProcessed();
    }
  }

  /** Runs a job with an id of its own (a lake check, a read): nothing to re-attach to. */
  Ran runOnce(String what, String prefix, QueryJobConfiguration config, String consequence) {
    return run(what, prefix + "_" + UUID.randomUUID().toString().replace("-", ""), config, consequence);
  }

  /**
   * Runs the job {@code baseId} stands for and waits for it: re-attaches to an attempt of it that
   * did not fail, or starts the next attempt; retries retryable errors. Fails naming {@code what},
   * the job id and BigQuery's message, followed by {@code consequence}.
   */
  Ran run(String what, String baseId, QueryJobConfiguration config, String consequence) {
    return run(what, baseId, id -> config, consequence);
  }

  /** As {@link #run(String, String, QueryJobConfiguration, String)}, the configuration made for each attempt's job id. */
  Ran run(String what, String baseId, java.util.function.Function<String, QueryJobConfiguration> configFor, String consequence) {
    // Job ids hold at most 1,024 characters: the attempt must survive the cut.
    String base = baseId.length() > 1000 ? baseId.substring(0, 1000) : baseId;
    int attempt = 1;
    int retries = 0;
    while (true) {
      JobId id = jobId(base + "_a" + attempt);
      String token = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      QueryJobConfiguration config = configFor.apply(id.getJob());
      Map<String, String> labels = new LinkedHashMap<>(config.getLabels() == null ? Map.of() : config.getLabels());
      labels.put(TOKEN_LABEL, token);
      Job job;
      try {
        job = bigQuery.create(JobInfo.of(id, config.toBuilder().setLabels(labels).build()));
      } catch (BigQueryException e) {
        if (e.getCode() != 409) {
          throw new KpiException("starting " + what + " (job " + id.getJob() + ") failed: " + message(e), e);
        }
        // Older than a day, the client does not fetch the existing job itself.
        job = bigQuery.getJob(id);
        if (job == null) {
          throw new KpiException("job " + id.getJob() + " of " + what + " exists but cannot be read; check the credentials' bigquery.jobs.get permission", e);
        }
      }
      boolean reused = !token.equals(labels(job).get(TOKEN_LABEL));
      if (reused) {
        BigQueryError earlier = error(job);
        if (earlier != null) {
          // A failed attempt is never re-reported: this invocation runs the job again.
          log.accept(what + ": job " + id.getJob() + " of an earlier attempt failed (" + describe(earlier) + "); starting attempt " + (attempt + 1));
          attempt++;
          continue;
        }
        log.accept(
            what + ": re-using job " + id.getJob() + ", started by an earlier attempt of this run" + started(job) + " ("
                + state(job).toLowerCase(Locale.ROOT) + ")");
      }
      job = waitFor(what, job);
      BigQueryError error = error(job);
      if (error == null) {
        return new Ran(job, reused);
      }
      if (retryable(error) && retries < settings.retries().attempts() - 1) {
        Duration delay = settings.retries().delay(retries);
        retries++;
        attempt++;
        log.accept(
            what + ": job " + id.getJob() + " failed with a transient error (" + describe(error) + "); retrying in " + delay.toMillis()
                + " ms as attempt " + attempt);
        sleep(delay, what);
        continue;
      }
      throw new KpiException(
          what + " failed in BigQuery (job " + id.getJob() + "): " + describe(error)
              + (retryable(error) ? " (still failing after " + settings.retries().attempts() + " attempts)" : "") + consequence);
    }
  }

  /** Polls the job's state until it is DONE, or the job timeout passes. */
  private Job waitFor(String what, Job job) {
    Instant deadline = Instant.now().plus(settings.jobTimeout());
    Duration delay = Duration.ofMillis(Math.max(1, settings.retries().initialDelay().toMillis() / 4));
    JobId id = job.getJobId();
    while (!"DONE".equals(state(job))) {
      if (Instant.now().isAfter(deadline)) {
        throw new KpiException(
            what + ": job " + id.getJob() + " was still " + state(job).toLowerCase(Locale.ROOT) + " after " + settings.jobTimeout().toMinutes()
                + " minutes (the job timeout, --job-timeout); it may still finish in BigQuery: run the command again to re-attach to it"
                + " (same --run-id), or cancel it with: bq cancel --location=" + settings.location().orElse("LOCATION") + " " + id.getJob());
      }
      sleep(delay, what);
      delay = delay.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : delay.multipliedBy(2);
      Job polled;
      try {
        polled = bigQuery.getJob(id);
      } catch (BigQueryException e) {
        throw new KpiException("reading the state of job " + id.getJob() + " of " + what + " failed: " + message(e), e);
      }
      if (polled == null) {
        throw new KpiException("job " + id.getJob() + " of " + what + " disappeared while it ran");
      }
      job = polled;
    }
    return job;
  }

  private static Map<String, String> labels(Job job) {
    if (job.getConfiguration() instanceof QueryJobConfiguration) {
      Map<String, String> labels = ((QueryJobConfiguration) job.getConfiguration()).getLabels();
      return labels == null ? Map.of() : labels;
    }
    return Map.of();
  }

  private static String state(Job job) {
    JobStatus status = job.getStatus();
    return status == null || status.getState() == null ? "PENDING" : status.getState().toString();
  }

  private static String started(Job job) {
    JobStatistics statistics = job.getStatistics();
    return statistics == null || statistics.getCreationTime() == null ? "" : " at " + Instant.ofEpochMilli(statistics.getCreationTime());
  }

  private static BigQueryError error(Job job) {
    return job.getStatus() == null ? null : job.getStatus().getError();
  }

  /** BigQuery's transient reasons, and a transaction that lost to a concurrent one. */
  static boolean retryable(BigQueryError error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    return RETRYABLE.contains(error.getReason()) || message.contains("aborted due to concurrent update");
  }

  private static String describe(BigQueryError error) {
    return error.getMessage() + (error.getReason() == null ? "" : " [" + error.getReason() + "]");
  }

  JobId jobId(String id) {
    JobId.Builder jobId = JobId.newBuilder().setProject(settings.project()).setJob(id);
    settings.location().ifPresent(jobId::setLocation);
    return jobId.build();
  }

  private static void sleep(Duration delay, String what) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KpiException("interrupted while " + what, e);
    }
  }

  /** BigQuery's own words, without the request's details. */
  static String message(BigQueryException e) {
    BigQueryError error = e.getError();
    String text = error != null && error.getMessage() != null ? error.getMessage() : e.getMessage();
    return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + text;
  }
}
