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
from airflow.models import Variable
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret

TIME_ZONE = pendulum.timezone("Asia/Tokyo")


def business_date(data_interval_start):
    """The JST calendar date a run's data interval starts on, as YYYY-MM-DD."""
    return data_interval_start.in_timezone(TIME_ZONE).strftime("%Y-%m-%d")


# The Slack incoming-webhook URL lives in a Kubernetes secret (synced from Secret Manager),
# mounted as a file; kpi reads the file named by KPI_SLACK_WEBHOOK_URL_FILE. The URL never
# appears in the DAG, the command line or the logs.
SLACK_WEBHOOK = Secret(
    deploy_type="volume",
    deploy_target="/var/secrets/slack",
    secret="kpi-slack-webhook",
    key="url",
)

# "bigquery" in production (the lake is there; see docs/bigquery.md), "embedded" to run on DuckDB.
TARGET = Variable.get("kpi_target", default_var="bigquery")
BIGQUERY_ENV = {
    "KPI_TARGET": "bigquery",
    "KPI_BIGQUERY_PROJECT": Variable.get("kpi_bigquery_project", default_var=""),
    "KPI_BIGQUERY_LOCATION": "asia-northeast1",
    "KPI_BIGQUERY_LAKE_DATASET": "lake",
    "KPI_BIGQUERY_WAREHOUSE_DATASET": "warehouse",
    "KPI_BIGQUERY_MART_DATASET": "mart",
}

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
    KubernetesPodOperator(
        task_id="kpi_daily",
        name="kpi-daily",
        namespace="composer-user-workloads",
        # The kpi image: a JRE and kpi-app/target/kpi.jar, with ENTRYPOINT ["java", "-jar", "/kpi.jar"].
        image=Variable.get("kpi_image"),
        arguments=[
            "daily",
            "--date",
            "{{ business_date(data_interval_start) }}",
        ]
        + (
            # The run id is part of each BigQuery job id: a retried task finds its jobs done.
            ["--run-id", "{{ run_id }}"]
            if TARGET == "bigquery"
            # Embedded: the lake files (Embulk's Parquet, e.g. a Cloud Storage FUSE mount) and a
            # persistent volume for the warehouse; without --lake kpi would use its sample lake.
            else ["--data-dir", "/data/kpi", "--lake", Variable.get("kpi_lake_dir", default_var="/lake")]
        ),
        env_vars={
            "KPI_SLACK_WEBHOOK_URL_FILE": "/var/secrets/slack/url",
            # The JVM reads this itself (the image runs java -jar, not ./kpi).
            "JAVA_TOOL_OPTIONS": "-Xmx512m",
            **(BIGQUERY_ENV if TARGET == "bigquery" else {}),
        },
        secrets=[SLACK_WEBHOOK],
        # exit 1: the run or the post failed (a warning was posted when it could be);
        # exit 2: a usage error. Both fail the task, and Airflow retries it.
        get_logs=True,
        on_finish_action="delete_pod",
    )
