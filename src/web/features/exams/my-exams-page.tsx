import { Button, Card, Table, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { participantStatusNames } from '../../../shared/exams';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { listMyExams, type MyExam, startAttempt } from './exams.api';
import { TakeExam } from './take-exam';

const noExams: MyExam[] = [];

/** 我的考试: the exams the person takes part in; `?attempt=` is the exam being taken (a reload resumes it). */
export function MyExamsPage() {
  const [params, setParams] = useSearchParams();
  const attemptId = Number(params.get('attempt'));
  if (attemptId > 0) return <TakeExam attemptId={attemptId} onLeave={() => setParams({})} />;
  return <MyExamList onOpen={(id) => setParams({ attempt: String(id) })} />;
}

function MyExamList({ onOpen }: { onOpen: (attemptId: number) => void }) {
  const loaded = useLoaded(listMyExams, noExams);
  const start = useSubmit(startAttempt, { onSuccess: (attempt) => onOpen(attempt.attemptId) });
  return (
    <Card title="我的考试">
      <Table
        rowKey="id"
        loading={loaded.isLoading}
        dataSource={loaded.data}
        pagination={false}
        columns={[
          { title: '考试', dataIndex: 'title' },
          { title: '时间', render: (_, e) => `${formatDateTime(e.opensAt)} 至 ${formatDateTime(e.closesAt)}` },
          { title: '时长', dataIndex: 'durationMinutes', render: (m: number) => `${m} 分钟` },
          { title: '总分/及格', render: (_, e) => `${e.maxScore} / ${e.passMark}` },
          {
            title: '状态',
            render: (_, e) => (
              <Tag color={e.passed === true ? 'green' : e.passed === false ? 'red' : undefined}>
                {participantStatusNames[e.status]}
                {e.bestScore !== null ? `（${e.bestScore} 分）` : ''}
              </Tag>
            ),
          },
          {
            title: '操作',
            render: (_, e) =>
              e.openAttemptId ? (
                <Button type="primary" onClick={() => onOpen(e.openAttemptId ?? 0)}>
                  继续答题
                </Button>
              ) : (
                <>
                  {e.attemptsUsed < e.maxAttempts && (
                    <Button type="primary" loading={start.isSubmitting} onClick={() => void start.submit(e.id)}>
                      {e.attemptsUsed === 0 ? '开始考试' : '再考一次'}
                    </Button>
                  )}
                  {e.lastAttemptId && (
                    <Button type="link" onClick={() => onOpen(e.lastAttemptId ?? 0)}>
                      查看答卷
                    </Button>
                  )}
                </>
              ),
          },
        ]}
      />
    </Card>
  );
}
