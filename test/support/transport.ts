import type { Server } from 'node:http';
import request from 'supertest';
import type { Transport } from '@mapflow/client';

/**
 * The API client's transport over supertest: `http` is an in-process server
 * (no port to pick), or the base URL of a running API.
 */
export function supertestTransport(http: Server | string): Transport {
  return async ({ method, path, key, body, headers = {} }) => {
    const agent = request(http);
    const start = { GET: agent.get, POST: agent.post, PUT: agent.put, DELETE: agent.delete }[method].bind(agent);
    let req = start(path).set('authorization', `Bearer ${key}`);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    const res = body === undefined ? await req : await req.send(body);
    const json = /[/+]json\b/.test(String(res.headers['content-type']));
    return { status: res.status, headers: res.headers as Record<string, string>, body: json ? res.body : res.text };
  };
}
