import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Route, Routes } from 'react-router';
import { appPages } from './app-pages';
import { AuthProvider } from './features/auth/auth-context';
import { LoginPage } from './features/auth/login-page';
import { RequireAuth } from './features/auth/require-auth';
import { AppLayout } from './features/layout/app-layout';
import { NotFoundResult } from './features/layout/not-found-result';
import { RequirePermission } from './features/layout/require-permission';

/**
 * The whole app: Chinese locale, antd's message/modal context, the session, and the routes from appPages.
 * Lists are short (roles, org units, departments), so antd's virtual scrolling is off: every option is then
 * a real `role="option"` element, and the hidden stand-ins that virtual lists label with aria-label
 * (and which clash with form labels such as 业务处室) are not rendered.
 */
export function App() {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} virtual={false}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                {appPages.map((page) => (
                  <Route
                    key={page.path}
                    path={page.path}
                    element={
                      <RequirePermission permission={page.permission}>
                        <page.component />
                      </RequirePermission>
                    }
                  />
                ))}
                <Route path="*" element={<NotFoundResult />} />
              </Route>
            </Routes>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
