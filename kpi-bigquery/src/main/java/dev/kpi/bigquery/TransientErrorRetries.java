package dev.kpi.bigquery;

import com.google.api.client.http.HttpResponseException;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ExceptionHandler;
import java.util.Set;

/**
 * Retries the requests BigQuery's front end turns away for a moment: HTTP 429, 500, 502, 503,
 * 504, a 403 whose reason is {@code rateLimitExceeded} (BigQuery's answer to too many requests
 * per second), and connections that failed or timed out. The client's default handler lets a
 * 5xx from the REST layer through on the first attempt (googleapis/google-cloud-java issue
 * 12885) and knows nothing of 429 or of the 403; a daily run should ride these out. Other 4xx
 * are the request's fault and fail at once.
 */
final class TransientErrorRetries {
  private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

  private TransientErrorRetries() {}

  static ExceptionHandler handler() {
    return ExceptionHandler.newBuilder()
        .abortOn(RuntimeException.class)
        .retryOn(java.net.ConnectException.class)
        .retryOn(java.net.UnknownHostException.class)
        .retryOn(java.net.SocketException.class)
        .retryOn(java.net.SocketTimeoutException.class)
        .addInterceptors(
            new ExceptionHandler.Interceptor() {
              private static final long serialVersionUID = 1L;

              @Override
              public RetryResult beforeEval(Exception exception) {
                return transient_(exception) ? RetryResult.RETRY : RetryResult.CONTINUE_EVALUATION;
              }

              @Override
              public RetryResult afterEval(Exception exception, RetryResult retryResult) {
                return RetryResult.CONTINUE_EVALUATION;
              }
            })
        .build();
  }

  /** Whether {@code exception} is worth sending the request again. */
  static boolean transient_(Throwable exception) {
    if (exception instanceof java.net.SocketTimeoutException) {
      return true;
    }
    if (exception instanceof HttpResponseException) {
      HttpResponseException http = (HttpResponseException) exception;
      return TRANSIENT.contains(http.getStatusCode())
          || http.getStatusCode() == 403 && http.getContent() != null && http.getContent().contains("rateLimitExceeded");
    }
    if (exception instanceof BaseServiceException) {
      BaseServiceException service = (BaseServiceException) exception;
      if (service.isRetryable() || TRANSIENT.contains(service.getCode())) {
        return true;
      }
      if (service.getCode() == 403 && "rateLimitExceeded".equals(service.getReason())) {
        return true;
      }
      return service.getCause() != null && service.getCause() != exception && transient_(service.getCause());
    }
    return false;
  }
}
