import { Button, Card, InputNumber, Table, Typography } from 'antd';
import type { ContactType } from '../../../shared/contacts';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { listDueDays, saveDueDays } from './contacts.api';

type Row = { type: ContactType; name: string; transferDueDays: number };

const noRows: Row[] = [];

/** 转办时限: the working days a department has to answer a transfer, per contact type. */
export function DueDaysPage() {
  const { data: rows, setData: setRows } = useLoaded<Row[]>(listDueDays, noRows);

  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async () => {
      setRows(await saveDueDays(rows.map((r) => ({ type: r.type, transferDueDays: r.transferDueDays }))));
    },
    { success: '转办时限已保存，对此后新建的转办单生效' },
  );

  return (
    <Card
      title="转办答复时限"
      extra={
        <Button type="primary" loading={isSaving} onClick={() => void save()}>
          保存
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        时限按工作日计算（节假日和调休以工作日历为准），到第 N 个工作日 24:00 截止；默认 2 个工作日。
      </Typography.Paragraph>
      <Table<Row>
        rowKey="type"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '诉求类型', dataIndex: 'name' },
          {
            title: '答复时限（工作日）',
            dataIndex: 'transferDueDays',
            render: (v: number, r) => (
              <InputNumber
                min={1}
                max={60}
                precision={0}
                value={v}
                onChange={(value) =>
                  setRows((all) => all.map((x) => (x.type === r.type ? { ...x, transferDueDays: value ?? 1 } : x)))
                }
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
