// Container health check (Dockerfile HEALTHCHECK, compose healthcheck): GET http://127.0.0.1:$PORT/health.
// Exit 0 on a 2xx answer, 1 otherwise (non-2xx, refused, or no answer within 4 s). Node only: the
// runtime image has no curl. Kubernetes does not use it: its probes call /health themselves.
'use strict';
const http = require('node:http');

const port = Number(process.env.PORT || process.argv[2]);
const path = process.env.HEALTHCHECK_PATH || '/health';
const fail = (why) => {
  console.error(`unhealthy: ${why}`);
  process.exit(1);
};
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT=${JSON.stringify(process.env.PORT)} is not a port`);

const request = http.get({ host: '127.0.0.1', port, path, timeout: 4000 }, (response) => {
  response.resume();
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) process.exit(0);
  fail(`GET ${path} answered ${status}`);
});
request.on('timeout', () => {
  request.destroy();
  fail(`GET ${path} did not answer within 4 s`);
});
request.on('error', (error) => fail(`GET ${path}: ${error.message}`));
