import { Alert, App, Button, Card, Checkbox, Input, Radio, Result, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { questionTypeNames } from '../../../shared/exams';
import { ApiError } from '../../api';
import { useApiFeedback } from '../../components/use-api-feedback';
import { type AnswerValue, type Attempt, getAttempt, saveAnswer, submitAttempt } from './exams.api';

const displayLetters = 'ABCDEFGH';

/** Remaining time on the server's clock: the server's now when loaded, run on by the browser's monotonic clock. */
function useCountdown(attempt: Attempt | null): number | null {
  const base = useRef<{ remaining: number; at: number } | null>(null);
  const [remaining, setRemaining] = useState<number | null>(null);
  useEffect(() => {
    if (attempt?.status !== 'in_progress') {
      base.current = null;
      setRemaining(null);
      return;
    }
    base.current = { remaining: Date.parse(attempt.endsAt) - Date.parse(attempt.serverNow), at: performance.now() };
    const tick = () => {
      const b = base.current;
      if (b) setRemaining(Math.max(0, b.remaining - (performance.now() - b.at)));
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [attempt]);
  return remaining;
}

function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

type SaveState = 'saving' | 'saved' | 'failed';

/** Taking an exam: every answer saved as it is given, the countdown from the server's clock, resumable by reloading. */
export function TakeExam({ attemptId, onLeave }: { attemptId: number; onLeave: () => void }) {
  const { showError } = useApiFeedback();
  const { modal } = App.useApp();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>({});
  const [isSubmitting, setIsSubmitting] = useState(false);
  const remaining = useCountdown(attempt);

  const load = useCallback(async () => {
    try {
      const loaded = await getAttempt(attemptId);
      setAttempt(loaded);
      setAnswers(loaded.answers);
    } catch (error) {
      showError(error);
    }
  }, [attemptId, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  // Time is up: the server closes the attempt with what it saved; reading it again shows the result.
  useEffect(() => {
    if (remaining === 0) void load();
  }, [remaining, load]);

  const save = async (questionId: number, value: AnswerValue) => {
    setAnswers((a) => ({ ...a, [questionId]: value }));
    setSaveStates((s) => ({ ...s, [questionId]: 'saving' }));
    try {
      await saveAnswer(attemptId, questionId, value);
      setSaveStates((s) => ({ ...s, [questionId]: 'saved' }));
    } catch (error) {
      setSaveStates((s) => ({ ...s, [questionId]: 'failed' }));
      showError(error);
      if (error instanceof ApiError && error.status === 409) void load();
    }
  };

  const submit = () => {
    const unanswered = (attempt?.questions ?? []).filter((q) => answers[q.id] === undefined).length;
    modal.confirm({
      title: '确认交卷？',
      content: unanswered > 0 ? `还有 ${unanswered} 道题未作答，交卷后不能再修改。` : '交卷后不能再修改答案。',
      okText: '交卷',
      cancelText: '继续答题',
      onOk: async () => {
        setIsSubmitting(true);
        try {
          await submitAttempt(attemptId);
          await load();
        } catch (error) {
          showError(error);
        } finally {
          setIsSubmitting(false);
        }
      },
    });
  };

  if (!attempt) return <Spin />;
  const isOpen = attempt.status === 'in_progress';
  const review = new Map((attempt.review ?? []).map((r) => [r.questionId, r]));

  return (
    <Card
      title={attempt.title}
      extra={
        <Space>
          {isOpen && remaining !== null && (
            <Tag color={remaining < 5 * 60_000 ? 'red' : 'blue'} data-testid="exam-countdown">
              剩余时间 {formatRemaining(remaining)}
            </Tag>
          )}
          <Button onClick={onLeave}>返回我的考试</Button>
        </Space>
      }
    >
      {!isOpen && (
        <Result
          status={attempt.passed === false ? 'warning' : 'success'}
          title={
            attempt.status === 'submitted'
              ? `已交卷，客观题得分 ${attempt.score ?? 0} 分，简答题待阅卷`
              : `得分 ${attempt.score ?? 0} / ${attempt.maxScore}，${attempt.passed ? '通过' : '未通过'}`
          }
          subTitle={attempt.review ? '以下为正确答案和解析' : '正确答案和解析将在您不再参加本场考试（含补考）后公布'}
        />
      )}
      {isOpen && (
        <Alert
          showIcon
          type="info"
          style={{ marginBottom: 16 }}
          message="每道题作答后自动保存；关闭页面或断网后重新打开可继续答题，已保存的答案不会丢失。"
        />
      )}
      <Space direction="vertical" style={{ width: '100%' }} size="large">
        {attempt.questions.map((q, index) => {
          const value = answers[q.id];
          const state = saveStates[q.id];
          const item = review.get(q.id);
          return (
            <Card
              key={q.id}
              size="small"
              data-testid={`question-${index + 1}`}
              title={
                <Space>
                  <span>第 {index + 1} 题</span>
                  <Tag>{questionTypeNames[q.type]}</Tag>
                  <Typography.Text type="secondary">{q.points} 分</Typography.Text>
                </Space>
              }
              extra={
                state === 'saved' ? (
                  <Tag color="green">已保存</Tag>
                ) : state === 'saving' ? (
                  <Tag>保存中</Tag>
                ) : state === 'failed' ? (
                  <Tag color="red">未保存</Tag>
                ) : null
              }
            >
              <Typography.Paragraph>{q.stem}</Typography.Paragraph>
              {(q.type === 'single' || q.type === 'true_false') && (
                <Radio.Group
                  disabled={!isOpen}
                  value={typeof value === 'string' ? value : undefined}
                  onChange={(e) => void save(q.id, e.target.value as string)}
                >
                  <Space direction="vertical">
                    {q.options.map((o, i) => (
                      <Radio key={o.key} value={o.key}>
                        {q.type === 'single' ? `${displayLetters[i]}. ` : ''}
                        {o.text}
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              )}
              {q.type === 'multiple' && (
                <Checkbox.Group
                  disabled={!isOpen}
                  value={Array.isArray(value) ? value : []}
                  onChange={(keys) => {
                    if (keys.length > 0) void save(q.id, keys as string[]);
                    else setAnswers((a) => ({ ...a, [q.id]: [] }));
                  }}
                >
                  <Space direction="vertical">
                    {q.options.map((o, i) => (
                      <Checkbox key={o.key} value={o.key}>
                        {displayLetters[i]}. {o.text}
                      </Checkbox>
                    ))}
                  </Space>
                </Checkbox.Group>
              )}
              {(q.type === 'fill_blank' || q.type === 'short_answer') && (
                <FreeTextAnswer
                  isLong={q.type === 'short_answer'}
                  disabled={!isOpen}
                  saved={typeof value === 'string' ? value : ''}
                  onSave={(text) => void save(q.id, text)}
                />
              )}
              {item && (
                <Alert
                  style={{ marginTop: 12 }}
                  type={item.score !== null && item.score >= q.points ? 'success' : 'error'}
                  message={`正确答案：${answerText(item.correctAnswer, q)}　得分：${item.score ?? '待阅卷'}`}
                  description={[item.explanation, item.comment && `阅卷评语：${item.comment}`]
                    .filter(Boolean)
                    .join('\n')}
                />
              )}
            </Card>
          );
        })}
      </Space>
      {isOpen && (
        <div style={{ marginTop: 16, textAlign: 'right' }}>
          <Button type="primary" loading={isSubmitting} onClick={submit}>
            交卷
          </Button>
        </div>
      )}
    </Card>
  );
}

/** The correct answer as the person saw the options: their own letters. */
function answerText(correct: string, q: Attempt['questions'][number]): string {
  if (q.type === 'true_false') return correct === 'true' ? '正确' : '错误';
  if (q.type !== 'single' && q.type !== 'multiple') return correct;
  return q.options
    .map((o, i) => (correct.includes(o.key) ? displayLetters[i] : ''))
    .filter(Boolean)
    .join('');
}

/** A text answer: saved when the person leaves the field (or presses Enter in a blank). */
function FreeTextAnswer(props: { isLong: boolean; disabled: boolean; saved: string; onSave: (text: string) => void }) {
  const [text, setText] = useState(props.saved);
  useEffect(() => setText(props.saved), [props.saved]);
  const commit = () => {
    if (text.trim() !== '' && text !== props.saved) props.onSave(text);
  };
  return props.isLong ? (
    <Input.TextArea
      aria-label="答案"
      rows={4}
      disabled={props.disabled}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
    />
  ) : (
    <Input
      aria-label="答案"
      disabled={props.disabled}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onPressEnter={commit}
    />
  );
}
