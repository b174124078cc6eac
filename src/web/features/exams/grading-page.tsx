import { Button, Card, Empty, Input, InputNumber, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { ExamPicker } from './exam-picker';
import { type GradingItem, gradeAnswer, listGrading } from './exams.api';

/** 阅卷: the short answers of an exam's submitted papers, each scored with a comment by its grader. */
export function GradingPage() {
  const [examId, setExamId] = useState<number>();
  return (
    <Card title="阅卷" extra={<ExamPicker value={examId} onChange={setExamId} />}>
      {examId ? <GradingList examId={examId} /> : <Empty description="请选择考试" />}
    </Card>
  );
}

const none = { examId: 0, title: '', items: [] as GradingItem[] };

function GradingList({ examId }: { examId: number }) {
  const load = useCallback(() => listGrading(examId), [examId]);
  const loaded = useLoaded(load, none);
  return (
    <Table
      rowKey={(r) => `${r.attemptId}:${r.questionId}`}
      loading={loaded.isLoading}
      dataSource={loaded.data.items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: '答卷', dataIndex: 'attemptId', width: 70 },
        { title: '题目', dataIndex: 'stem' },
        { title: '参考答案', dataIndex: 'referenceAnswer' },
        { title: '考生答案', dataIndex: 'answer', render: (a: string) => a || <Tag>未作答</Tag> },
        { title: '评分', width: 320, render: (_, item) => <GradeForm item={item} onGraded={loaded.reload} /> },
      ]}
    />
  );
}

function GradeForm({ item, onGraded }: { item: GradingItem; onGraded: () => void }) {
  const [score, setScore] = useState<number | null>(item.score);
  const [comment, setComment] = useState(item.comment ?? '');
  const grade = useSubmit(gradeAnswer, { success: '评分已保存', onSuccess: onGraded });
  return (
    <Space direction="vertical">
      <Space>
        <InputNumber
          aria-label="得分"
          min={0}
          max={item.points}
          value={score}
          onChange={setScore}
          addonAfter={`/ ${item.points}`}
        />
        <Button
          type="primary"
          disabled={score === null}
          loading={grade.isSubmitting}
          onClick={() => void grade.submit(item.attemptId, item.questionId, { score: score ?? 0, comment })}
        >
          保存
        </Button>
      </Space>
      <Input aria-label="评语" placeholder="评语" value={comment} onChange={(e) => setComment(e.target.value)} />
    </Space>
  );
}
