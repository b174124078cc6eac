import { Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { participantStatusNames, questionTypeNames } from '../../../shared/exams';
import { useLoaded } from '../../components/use-loaded';
import { ExamPicker } from './exam-picker';
import { type ExamResults, getQuestionStats, getResults, type QuestionStats } from './exams.api';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 成绩统计: per person, per paper (pass rate, distribution) and per question (difficulty, discrimination). */
export function ResultsPage() {
  const [examId, setExamId] = useState<number>();
  return (
    <Card
      title="成绩统计"
      extra={
        <Space>
          <ExamPicker value={examId} onChange={setExamId} />
          {examId && <Button href={`/api/exams/${examId}/results/export`}>导出 Excel</Button>}
        </Space>
      }
    >
      {examId ? <Results examId={examId} /> : <Empty description="请选择考试" />}
    </Card>
  );
}

function Results({ examId }: { examId: number }) {
  const loadResults = useCallback(() => getResults(examId), [examId]);
  const loadStats = useCallback(() => getQuestionStats(examId), [examId]);
  const results = useLoaded<ExamResults | null>(loadResults, null);
  const stats = useLoaded<QuestionStats | null>(loadStats, null);
  const r = results.data;
  return (
    <>
      {r && (
        <>
          <Descriptions size="small" column={4} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="考生">{r.participants}</Descriptions.Item>
            <Descriptions.Item label="已出成绩">{r.graded}</Descriptions.Item>
            <Descriptions.Item label="通过率">{pct(r.passRate)}</Descriptions.Item>
            <Descriptions.Item label="平均分">
              {r.averageScore === null ? '—' : r.averageScore.toFixed(1)}
            </Descriptions.Item>
          </Descriptions>
          <Row gutter={16}>
            <Col span={14}>
              <Table
                size="small"
                rowKey="userId"
                dataSource={r.rows}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: '姓名', dataIndex: 'name' },
                  { title: '状态', render: (_, row) => participantStatusNames[row.status] },
                  { title: '次数', dataIndex: 'attempts' },
                  { title: '得分', render: (_, row) => (row.score === null ? '—' : `${row.score} / ${row.maxScore}`) },
                  {
                    title: '结果',
                    render: (_, row) =>
                      row.passed === null ? (
                        ''
                      ) : (
                        <Tag color={row.passed ? 'green' : 'red'}>{row.passed ? '通过' : '未通过'}</Tag>
                      ),
                  },
                ]}
              />
            </Col>
            <Col span={10}>
              <Table
                size="small"
                rowKey="from"
                dataSource={r.distribution}
                pagination={false}
                columns={[
                  { title: '分数段', render: (_, b) => `${b.from}–${b.to}` },
                  { title: '人数', dataIndex: 'count' },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
      {stats.data && (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="questionId"
          dataSource={stats.data.questions}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          title={() =>
            `每题分析（${stats.data?.attempts ?? 0} 份已出成绩的答卷；区分度 = 前 27% 答对率 − 后 27% 答对率）`
          }
          columns={[
            { title: '序号', dataIndex: 'position', width: 60 },
            { title: '题目', dataIndex: 'stem', ellipsis: true },
            { title: '题型', width: 80, render: (_, q) => questionTypeNames[q.type] },
            { title: '作答', dataIndex: 'answered', width: 60 },
            { title: '答对率', width: 80, render: (_, q) => pct(q.difficulty) },
            {
              title: '区分度',
              width: 80,
              render: (_, q) => (q.discrimination === null ? '—' : q.discrimination.toFixed(2)),
            },
          ]}
        />
      )}
    </>
  );
}
