/**
 * The training pages (培训考试: 课程目录, 培训计划, 我的培训), assembled into the app's one list of pages
 * (src/web/app-pages.ts). Each loads on first visit.
 */
import { BookOutlined, CalendarOutlined, ReadOutlined } from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const trainingPages: readonly AppPage[] = [
  {
    path: '/training/courses',
    label: '课程目录',
    icon: <BookOutlined />,
    permission: 'training.lecture',
    group: 'training',
    component: lazyPage(
      () => import('./courses-page'),
      (m) => m.CoursesPage,
    ),
  },
  {
    path: '/training/plans',
    label: '培训计划',
    icon: <CalendarOutlined />,
    permission: 'training.lecture',
    group: 'training',
    component: lazyPage(
      () => import('./plans-page'),
      (m) => m.PlansPage,
    ),
  },
  {
    path: '/training/me',
    label: '我的培训',
    icon: <ReadOutlined />,
    permission: 'training.participate',
    group: 'training',
    component: lazyPage(
      () => import('./my-training-page'),
      (m) => m.MyTrainingPage,
    ),
  },
];
