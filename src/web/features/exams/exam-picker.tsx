import { Select } from 'antd';
import { useLoaded } from '../../components/use-loaded';
import { type ExamSummary, listExams } from './exams.api';

const noExams: ExamSummary[] = [];

/** Chooses one exam of the org scope (grading and results pages). */
export function ExamPicker({ value, onChange }: { value: number | undefined; onChange: (id: number) => void }) {
  const loaded = useLoaded(listExams, noExams);
  return (
    <Select
      aria-label="考试"
      placeholder="选择考试"
      style={{ width: 320 }}
      loading={loaded.isLoading}
      value={value}
      onChange={onChange}
      options={loaded.data.map((e) => ({ value: e.id, label: e.title }))}
    />
  );
}
