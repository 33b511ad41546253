package dev.kpi.runtime;

import dev.kpi.sql.CompiledStatement;
import dev.kpi.sql.plan.TableRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The fingerprint of each table's definition: a hash of the SQL that creates and builds it and
 * of the fingerprints of the tables it reads. The SQL is the definition made concrete, so any
 * change that changes a table's numbers changes its fingerprint, and the marts built from it
 * change with it.
 */
public final class Fingerprints {
  private final Map<TableRef, String> byTable = new HashMap<>();

  public Fingerprints(List<CompiledStatement> statements) {
    Map<TableRef, StringBuilder> text = new HashMap<>();
    for (CompiledStatement statement : statements) {
      // Steps come in dependency order, so what a table reads is fingerprinted already.
      StringBuilder sql = text.computeIfAbsent(statement.step().table(), t -> new StringBuilder());
      sql.append(statement.sql());
      for (TableRef read : statement.step().reads()) {
        sql.append('\n').append(read).append('=').append(byTable.getOrDefault(read, ""));
      }
      byTable.put(statement.step().table(), sha256(sql.toString()));
    }
  }

  public String of(TableRef table) {
    String fingerprint = byTable.get(table);
    if (fingerprint == null) {
      throw new IllegalArgumentException("no table " + table + " in the plan");
    }
    return fingerprint;
  }

  private static String sha256(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
