package dev.kpi.runtime.bigquery;

import com.google.api.client.http.HttpResponseException;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ExceptionHandler;
import java.util.Set;

/**
 * Retries BigQuery's transient server errors. The client's default handler lets an HTTP 500,
 * 502, 503 or 504 from the REST layer through on the first attempt (googleapis/google-cloud-java
 * issue 12885); a daily run should ride out a short outage instead of failing.
 */
final class ServerErrorRetries {
  private static final Set<Integer> TRANSIENT = Set.of(500, 502, 503, 504);

  private ServerErrorRetries() {}

  static ExceptionHandler handler() {
    return ExceptionHandler.newBuilder()
        .abortOn(RuntimeException.class)
        .retryOn(java.net.ConnectException.class)
        .retryOn(java.net.UnknownHostException.class)
        .retryOn(java.net.SocketException.class)
        .addInterceptors(
            new ExceptionHandler.Interceptor() {
              private static final long serialVersionUID = 1L;

              @Override
              public RetryResult beforeEval(Exception exception) {
                if (exception instanceof HttpResponseException
                    && TRANSIENT.contains(((HttpResponseException) exception).getStatusCode())) {
                  return RetryResult.RETRY;
                }
                if (exception instanceof BaseServiceException && ((BaseServiceException) exception).isRetryable()) {
                  return RetryResult.RETRY;
                }
                return RetryResult.CONTINUE_EVALUATION;
              }

              @Override
              public RetryResult afterEval(Exception exception, RetryResult retryResult) {
                return RetryResult.CONTINUE_EVALUATION;
              }
            })
        .build();
  }
}
