import { Button, Result, Spin } from 'antd';
import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from 'react';
import type { Session, SessionUser } from '../../../shared/auth';
import type { Permission } from '../../../shared/permissions';
import { ApiError, errorMessage, setCsrfToken, setUnauthorizedHandler } from '../../api';
import { fetchSession, logIn, logOut } from './auth.api';

interface AuthContextValue {
  user: SessionUser | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

type SessionState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; user: SessionUser | null };

/** Restores the session on start (GET /api/auth/me) and holds the signed-in user for the whole app. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  const accept = useCallback((session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    setState({ status: 'ready', user: session?.user ?? null });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => accept(null));
    return () => setUnauthorizedHandler(null);
  }, [accept]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    let isCurrent = true;
    const restore = async () => {
      setState({ status: 'loading' });
      try {
        const session = await fetchSession();
        if (isCurrent) accept(session);
      } catch (error) {
        if (!isCurrent) return;
        if (error instanceof ApiError && error.status === 401) accept(null);
        else setState({ status: 'failed', message: errorMessage(error) });
      }
    };
    void restore();
    return () => {
      isCurrent = false;
    };
  }, [accept, attempt]);

  const signIn = useCallback(
    async (username: string, password: string) => accept(await logIn({ username, password })),
    [accept],
  );

  const signOut = useCallback(async () => {
    try {
      await logOut();
    } finally {
      accept(null);
    }
  }, [accept]);

  const user = state.status === 'ready' ? state.user : null;
  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);

  if (state.status === 'loading') {
    return (
      <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <Result
        status="error"
        title="无法加载登录状态"
        subTitle={state.message}
        extra={
          <Button type="primary" onClick={() => setAttempt((n) => n + 1)}>
            重试
          </Button>
        }
      />
    );
  }
  return <AuthContext value={value}>{children}</AuthContext>;
}

/** The session: the user (null when signed out), sign in and sign out. */
export function useAuth(): AuthContextValue {
  const value = use(AuthContext);
  if (!value) throw new Error('useAuth must be used inside AuthProvider');
  return value;
}

/** The signed-in user, for components that only render behind RequireAuth. */
export function useCurrentUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser must be used behind RequireAuth');
  return user;
}

export function hasPermission(user: SessionUser, permission: Permission): boolean {
  return user.permissions.includes(permission);
}
