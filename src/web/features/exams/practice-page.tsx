import { Alert, Button, Card, Checkbox, Progress, Radio, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { examTaxKinds, questionTypeNames } from '../../../shared/exams';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { answerPractice, getPractice, type Practice } from './exams.api';

const taxKindName = (code: string) => examTaxKinds.find((k) => k.code === code)?.name ?? code;

/** 每日一练: five questions a day, weighted to recent knowledge and one's weak tax kinds; counts toward nothing. */
export function PracticePage() {
  const loaded = useLoaded<Practice | null>(getPractice, null);
  const answer = useSubmit(answerPractice, { onSuccess: (p) => loaded.setData(p) });
  const [picked, setPicked] = useState<Record<number, string | string[]>>({});
  const practice = loaded.data;
  if (!practice) return <Spin />;
  const { progress } = practice;
  return (
    <Card title={`每日一练（${practice.date}）`}>
      <Alert
        showIcon
        type="info"
        style={{ marginBottom: 16 }}
        message={`近 30 天共练习 ${progress.answered} 题，答对 ${progress.correct} 题`}
        description={progress.byTaxKind.map((k) => `${taxKindName(k.taxKind)} ${k.correct}/${k.answered}`).join('　')}
      />
      {progress.answered > 0 && (
        <Progress percent={Math.round((progress.correct / progress.answered) * 100)} style={{ marginBottom: 16 }} />
      )}
      <Space direction="vertical" style={{ width: '100%' }}>
        {practice.questions.map((q, index) => {
          const isAnswered = q.answer !== null;
          const value = isAnswered ? q.answer : picked[q.id];
          return (
            <Card key={q.id} size="small" title={`第 ${index + 1} 题　${questionTypeNames[q.type]}`}>
              <Typography.Paragraph>{q.stem}</Typography.Paragraph>
              {q.type === 'multiple' ? (
                <Checkbox.Group
                  disabled={isAnswered}
                  value={Array.isArray(value) ? value : []}
                  onChange={(v) => setPicked((p) => ({ ...p, [q.id]: v as string[] }))}
                  options={q.options.map((o) => ({ value: o.key, label: `${o.key}. ${o.text}` }))}
                />
              ) : (
                <Radio.Group
                  disabled={isAnswered}
                  value={value}
                  onChange={(e) => setPicked((p) => ({ ...p, [q.id]: e.target.value as string }))}
                  options={q.options.map((o) => ({
                    value: o.key,
                    label: q.type === 'single' ? `${o.key}. ${o.text}` : o.text,
                  }))}
                />
              )}
              {isAnswered ? (
                <Alert
                  style={{ marginTop: 8 }}
                  type={q.isCorrect ? 'success' : 'error'}
                  message={`${q.isCorrect ? '回答正确' : '回答错误'}，正确答案：${q.correctAnswer === 'true' ? '正确' : q.correctAnswer === 'false' ? '错误' : q.correctAnswer}`}
                  description={q.explanation}
                />
              ) : (
                <div style={{ marginTop: 8 }}>
                  <Button
                    disabled={picked[q.id] === undefined}
                    loading={answer.isSubmitting}
                    onClick={() => void answer.submit(q.id, picked[q.id] ?? '')}
                  >
                    提交
                  </Button>
                </div>
              )}
            </Card>
          );
        })}
        {practice.questions.length === 0 && <Tag>题库中暂无可练习的题目</Tag>}
      </Space>
    </Card>
  );
}
