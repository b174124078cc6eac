/**
 * The pages of the question bank and exams, in the menu group 培训考试 (src/web/app-pages.ts assembles
 * them). Each loads on first visit.
 */
import {
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  EditOutlined,
  FileTextOutlined,
} from '@ant-design/icons';
import { type AppPage, lazyPage } from '../../pages';

export const examPages: readonly AppPage[] = [
  {
    path: '/exams/questions',
    label: '题库',
    icon: <BookOutlined />,
    permission: 'exams.manage',
    group: 'training',
    component: lazyPage(
      () => import('./question-bank-page'),
      (m) => m.QuestionBankPage,
    ),
  },
  {
    path: '/exams',
    label: '试卷与考试',
    icon: <FileTextOutlined />,
    permission: 'exams.manage',
    group: 'training',
    component: lazyPage(
      () => import('./exams-page'),
      (m) => m.ExamsPage,
    ),
  },
  {
    path: '/exams/mine',
    label: '我的考试',
    icon: <EditOutlined />,
    group: 'training',
    component: lazyPage(
      () => import('./my-exams-page'),
      (m) => m.MyExamsPage,
    ),
  },
  {
    path: '/exams/practice',
    label: '每日一练',
    icon: <CalendarOutlined />,
    group: 'training',
    component: lazyPage(
      () => import('./practice-page'),
      (m) => m.PracticePage,
    ),
  },
  {
    path: '/exams/grading',
    label: '阅卷',
    icon: <AuditOutlined />,
    permission: 'exams.grade',
    group: 'training',
    component: lazyPage(
      () => import('./grading-page'),
      (m) => m.GradingPage,
    ),
  },
  {
    path: '/exams/results',
    label: '成绩统计',
    icon: <BarChartOutlined />,
    permission: 'exams.manage',
    group: 'training',
    component: lazyPage(
      () => import('./results-page'),
      (m) => m.ResultsPage,
    ),
  },
];
