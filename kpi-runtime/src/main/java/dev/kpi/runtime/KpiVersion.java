package dev.kpi.runtime;

/** The kpi command's version: what -V prints and what Sentry records as the release. */
public final class KpiVersion {
  public static final String VERSION = "0.1.0";

  private KpiVersion() {}
}
