"""Cloud Composer (Airflow 2) DAG: the morning KPI job.

Each morning at 06:00 JST it builds the previous business date's KPIs and posts the Slack
summary:  kpi daily --date <business date>

The business date is the JST calendar date the run's data interval starts on. Airflow's
``{{ ds }}`` is the logical date in UTC, which for a JST schedule is the day before the business
date we mean, so the command uses the ``business_date`` macro below instead. See README.md beside
this file.
"""

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret

TIME_ZONE = pendulum.timezone("Asia/Tokyo")

# kpi's exit code for a usage error (a bad option, a missing setting): retrying cannot help.
KPI_USAGE_ERROR = 2


def business_date(data_interval_start):
    """The JST calendar date a run's data interval starts on, as YYYY-MM-DD."""
    return data_interval_start.in_timezone(TIME_ZONE).strftime("%Y-%m-%d")


def _exit_code(remote_pod, container_name):
    """The exit code of the pod's container, or None when it has not terminated."""
    statuses = (remote_pod.status.container_statuses if remote_pod and remote_pod.status else None) or []
    for status in statuses:
        if status.name == container_name and status.state and status.state.terminated:
            return status.state.terminated.exit_code
    return None


class KpiPodOperator(KubernetesPodOperator):
    """KubernetesPodOperator for kpi, with three changes:

    - arguments that rendered empty are left out, so a templated argument can apply to one
      target only;
    - a missing Airflow variable fails the task at once (Airflow would retry it otherwise);
    - exit code 2, kpi's usage error, fails the task without retries (AirflowFailException);
      exit 1, a failed run or post, fails it and Airflow retries it.
    """

    def render_template_fields(self, context, jinja_env=None):
        try:
            return super().render_template_fields(context, jinja_env)
        except KeyError as missing:
            # {{ var.value.name }} raises KeyError("Variable name does not exist").
            what = missing.args[0] if missing.args else missing
            raise AirflowFailException(f"kpi_daily needs an Airflow variable: {what}") from missing

    def execute(self, context):
        self.arguments = [argument for argument in self.arguments if argument]
        return super().execute(context)

    def cleanup(self, pod, remote_pod, *args, **kwargs):
        try:
            return super().cleanup(pod, remote_pod, *args, **kwargs)
        except (AirflowFailException, AirflowSkipException):
            raise
        except AirflowException as failure:
            container = getattr(self, "base_container_name", None) or self.BASE_CONTAINER_NAME
            if _exit_code(remote_pod, container) == KPI_USAGE_ERROR:
                raise AirflowFailException(
                    f"kpi exited {KPI_USAGE_ERROR}: a usage error (see the log above); not retried"
                ) from failure
            raise


# The Slack incoming-webhook URL lives in a Kubernetes secret (synced from Secret Manager),
# mounted as a file; kpi reads the file named by KPI_SLACK_WEBHOOK_URL_FILE. The URL never
# appears in the DAG, the command line or the logs.
SLACK_WEBHOOK = Secret(
    deploy_type="volume",
    deploy_target="/var/secrets/slack",
    secret="kpi-slack-webhook",
    key="url",
)

# Airflow variables are read in Jinja templates, so when the task runs, not each time the
# scheduler parses this file (Variable.get at the top level would query the database on every
# parse). kpi_target: "bigquery" (the default; production, where the lake is: see
# docs/bigquery.md) or "embedded" (DuckDB in a persistent volume).
ON_BIGQUERY = "var.value.get('kpi_target', 'bigquery') == 'bigquery'"

with DAG(
    dag_id="kpi_daily",
    description="Build the previous business date's KPIs and post the Slack summary",
    # 06:00 in Tokyo: the previous JST business day is over and Embulk has loaded the lake.
    schedule="0 6 * * *",
    start_date=pendulum.datetime(2026, 11, 1, tz=TIME_ZONE),
    # Missed mornings are built in order when the scheduler catches up; every run is
    # idempotent (a date is replaced, never appended to).
    catchup=True,
    # One run at a time: runs share the warehouse and later dates read earlier ones.
    max_active_runs=1,
    user_defined_macros={"business_date": business_date},
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=1),
    },
    tags=["kpi"],
) as dag:
    KpiPodOperator(
        task_id="kpi_daily",
        name="kpi-daily",
        namespace="composer-user-workloads",
        # The kpi image: a JRE and kpi-app/target/kpi.jar, with ENTRYPOINT ["java", "-jar", "/kpi.jar"].
        # Required: without the variable the task fails, without retries, before starting a pod.
        image="{{ var.value.kpi_image }}",
        arguments=[
            "daily",
            "--date",
            "{{ business_date(data_interval_start) }}",
            # BigQuery: the run id is part of each job id, so a retried task finds its jobs done.
            "{{ '--run-id=' ~ run_id if " + ON_BIGQUERY + " else '' }}",
            # Embedded: the lake files (Embulk's Parquet, e.g. a Cloud Storage FUSE mount); without
            # --lake kpi would use its sample lake.
            "{{ '' if " + ON_BIGQUERY + " else '--lake=' ~ var.value.get('kpi_lake_dir', '/lake') }}",
        ],
        env_vars={
            "KPI_TARGET": "{{ var.value.get('kpi_target', 'bigquery') }}",
            # Embedded: the warehouse's folder; mount a persistent volume there. BigQuery ignores it.
            "KPI_DATA_DIR": "/data/kpi",
            # Required on BigQuery (a missing variable fails the task without retries); the
            # embedded target ignores the KPI_BIGQUERY_ settings.
            "KPI_BIGQUERY_PROJECT": "{{ var.value.kpi_bigquery_project if " + ON_BIGQUERY + " else '' }}",
            "KPI_BIGQUERY_LOCATION": "asia-northeast1",
            "KPI_BIGQUERY_LAKE_DATASET": "lake",
            "KPI_BIGQUERY_WAREHOUSE_DATASET": "warehouse",
            "KPI_BIGQUERY_MART_DATASET": "mart",
            "KPI_SLACK_WEBHOOK_URL_FILE": "/var/secrets/slack/url",
            # A failure alert says which try of the task it was.
            "KPI_ATTEMPT": "{{ ti.try_number }}",
            "KPI_ATTEMPTS": "{{ task.retries + 1 }}",
            # The JVM reads this itself (the image runs java -jar, not ./kpi).
            "JAVA_TOOL_OPTIONS": "-Xmx512m",
        },
        secrets=[SLACK_WEBHOOK],
        # exit 1: the run or the post failed (a warning was posted when it could be): retried.
        # exit 2: a usage error: failed at once (KpiPodOperator).
        get_logs=True,
        on_finish_action="delete_pod",
    )
