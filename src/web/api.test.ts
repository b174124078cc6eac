import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from './api';

describe('creating writes from the browser', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends the same body with the same Idempotency-Key again when the connection fails', async () => {
    const calls: Array<{ key: string | undefined; body: unknown }> = [];
    const fetchStub = vi.fn(async (_path: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      calls.push({ key: headers['idempotency-key'], body: init.body });
      if (calls.length === 1) throw new TypeError('network connection lost');
      return new Response(JSON.stringify({ id: 7 }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    vi.stubGlobal('fetch', fetchStub);
    await expect(api.create<{ id: number }>('/api/contacts', { subject: '问题' })).resolves.toEqual({ id: 7 });
    expect(calls).toHaveLength(2);
    expect(calls[0]!.key).toMatch(/^[0-9a-f]{32}$/);
    expect(calls[1]).toEqual(calls[0]);
  });

  it('gives up after three lost connections and never retries an answer from the server', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('offline');
      }),
    );
    await expect(api.create('/api/contacts', {})).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(vi.mocked(fetch)).toHaveBeenCalledTimes(3);

    const refused = vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: 'CONTACT_STATUS_CONFLICT', message: '状态已变化' } }), {
          status: 409,
        }),
    );
    vi.stubGlobal('fetch', refused);
    await expect(api.create('/api/contacts/1/transfer', {})).rejects.toBeInstanceOf(ApiError);
    expect(refused).toHaveBeenCalledTimes(1);
  });
});
