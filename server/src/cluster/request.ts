// One GET to the API server with a hard time limit, authenticated by client-node (token, exec
// plugin, client certificate, the cluster's CA). Read-only: there is no other verb here.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { asClusterError, ClusterError, statusError } from './errors';

/** Credentials within the time limit: an exec plugin that never ends must not hang the command. */
async function withDeadline(auth: Promise<void>, timeoutMs: number, server: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClusterError('timeout', `no credentials for ${server} within ${Math.round(timeoutMs / 100) / 10} s (exec plugin?)`)),
      timeoutMs);
  });
  try {
    await Promise.race([auth.catch((e: Error) => {
      // client-node refuses, e.g., plain http:// without insecure-skip-tls-verify.
      throw new ClusterError('config', `cannot connect to ${server}: ${e.message.split('\n')[0]}`);
    }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** GETs `path` (with its query) as JSON; fails with a ClusterError, after `timeoutMs` at the latest. */
export async function getJson(kc: KubeConfig, path: string, timeoutMs: number): Promise<unknown> {
  const server = kc.getCurrentCluster()!.server.replace(/\/+$/, '');
  const url = new URL(server + path);
  const opts: https.RequestOptions = {};
  const started = Date.now();
  await withDeadline(kc.applyToHTTPSOptions(opts), timeoutMs, server); // the agent (TLS) and the Authorization header, maybe from an exec plugin
  timeoutMs = Math.max(1, timeoutMs - (Date.now() - started));
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const headers = { ...(opts.headers as Record<string, string> | undefined), Accept: 'application/json' };
    const req = transport.request(url, { method: 'GET', agent: opts.agent, auth: opts.auth, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => finish(asClusterError(e, server)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try { body = JSON.parse(text); } catch { body = undefined; }
        const code = res.statusCode ?? 0;
        if (code === 200 && body !== undefined) finish(undefined, body);
        else if (code === 200) finish(new ClusterError('server', `the answer to GET ${url.pathname} is not JSON`));
        else finish(statusError(code, body as { message?: string; reason?: string } | undefined, res.statusMessage ?? ''));
      });
    });
    // A whole-request deadline: an idle-socket timeout alone lets a slow trickle run forever.
    const timer = setTimeout(() => req.destroy(new ClusterError('timeout',
      `no answer from ${server} within ${Math.round(timeoutMs / 100) / 10} s (GET ${url.pathname})`)), timeoutMs);
    function finish(err: ClusterError | undefined, value?: unknown): void {
      clearTimeout(timer);
      if (err) reject(err); else resolve(value);
    }
    req.on('error', (e) => finish(asClusterError(e, server)));
    req.end();
  });
}
