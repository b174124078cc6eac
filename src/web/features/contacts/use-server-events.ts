import { useEffect, useRef, useState } from 'react';

/**
 * Listens to the server's push stream (GET /api/events/stream, server-sent events) while mounted and
 * calls `onEvent` for each event of `kind`. The browser reconnects by itself and sends Last-Event-ID,
 * so events pushed while it was away are delivered on reconnect.
 */
export function useServerEvents<T>(kind: string, onEvent: (payload: T) => void): { isConnected: boolean } {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [isConnected, setIsConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/events/stream');
    source.onopen = () => setIsConnected(true);
    source.onerror = () => setIsConnected(source.readyState === EventSource.OPEN);
    const listener = (event: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(event.data) as T);
      } catch (error) {
        console.error('push: unreadable event', error);
      }
    };
    source.addEventListener(kind, listener);
    return () => {
      source.removeEventListener(kind, listener);
      source.close();
      setIsConnected(false);
    };
  }, [kind]);
  return { isConnected };
}
