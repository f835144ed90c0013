"""What an operator watches: Prometheus metrics (GET /metrics) and the one line per request, event and job."""
