import { Layout, Menu, type MenuProps, Space, Spin, theme } from 'antd';
import { Suspense, useEffect, useMemo } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import type { SessionUser } from '../../../shared/auth';
import { appPages, pageOf } from '../../app-pages';
import { type AppPage, type MenuGroup, menuGroups } from '../../pages';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { NotificationBell } from '../notifications/notification-bell';
import { UserMenu } from './user-menu';

type MenuItem = NonNullable<MenuProps['items']>[number];

function pageItem(page: AppPage): MenuItem {
  return { key: page.path, icon: page.icon, label: <Link to={page.path}>{page.label}</Link> };
}

/** The menu for this user: the pages they may open, grouped where the page says so, in the order of appPages. */
function menuItemsFor(user: SessionUser): MenuItem[] {
  const items: MenuItem[] = [];
  const groups = new Map<MenuGroup, MenuItem[]>();
  for (const page of appPages) {
    if (page.permission && !hasPermission(user, page.permission)) continue;
    if (!page.group) {
      items.push(pageItem(page));
      continue;
    }
    let children = groups.get(page.group);
    if (!children) {
      children = [];
      groups.set(page.group, children);
      items.push({ type: 'group', key: `group:${page.group}`, label: menuGroups[page.group], children });
    }
    children.push(pageItem(page));
  }
  return items;
}

/** The frame of every signed-in page: the menu on the left, the user in the header, the page in the middle. */
export function AppLayout() {
  const user = useCurrentUser();
  const location = useLocation();
  const { token } = theme.useToken();
  const items = useMemo(() => menuItemsFor(user), [user]);
  const current = pageOf(location.pathname);
  // A page opened from the menu starts at its top, not where the previous page was scrolled to (every
  // navigation has a key of its own, also a click on the menu entry of the page already open).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.key]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208}>
        <div
          style={{
            height: 64,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            fontSize: 16,
            fontWeight: 600,
            whiteSpace: 'nowrap',
          }}
        >
          12366 · taxline
        </div>
        <Menu theme="dark" mode="inline" items={items} selectedKeys={current ? [current.path] : []} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <span style={{ fontSize: 16, fontWeight: 500 }}>12366纳税服务热线</span>
          <Space size="middle">
            <NotificationBell />
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense
            fallback={
              <div style={{ textAlign: 'center', padding: 48 }}>
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
