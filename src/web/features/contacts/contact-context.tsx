import { Descriptions, Skeleton } from 'antd';
import { useCallback } from 'react';
import { useLoaded } from '../../components/use-loaded';
import { getContact } from './contacts.api';

type Detail = Awaited<ReturnType<typeof getContact>>;

/**
 * 答复 of a contact: the agent's own answer, else the department's answer to its transfer (the answer
 * read out at the callback), named as such; "—" while there is none.
 */
export function answerOf(contact: {
  answer: string | null;
  transfers: ReadonlyArray<{ answer: string | null; departmentName: string }>;
}): string {
  if (contact.answer) return contact.answer;
  const answered = contact.transfers.findLast((t) => t.answer);
  return answered?.answer ? `${answered.answer}（${answered.departmentName}答复）` : '—';
}

/**
 * What a dialog's work is about, shown where it is done: the caller's question (the department answering
 * a transfer) or also the answer to read out (the agent calling back).
 */
export function ContactContext({ contactId, withAnswer }: { contactId: number; withAnswer: boolean }) {
  const load = useCallback(() => getContact(contactId), [contactId]);
  const { data: contact, isLoading } = useLoaded(load, null as Detail | null);
  if (isLoading || !contact) return <Skeleton active paragraph={{ rows: 3 }} />;
  const transferNote = contact.transfers.at(-1)?.note;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 16 }}
      data-testid="contact-context"
      items={[
        { key: 'subject', label: '主题', children: contact.subject },
        {
          key: 'content',
          label: '来电问题',
          children: <span style={{ whiteSpace: 'pre-wrap' }}>{contact.content}</span>,
        },
        ...(contact.taxpayerName ? [{ key: 'taxpayer', label: '纳税人', children: contact.taxpayerName }] : []),
        ...(transferNote ? [{ key: 'note', label: '转办说明', children: transferNote }] : []),
        ...(withAnswer
          ? [
              { key: 'phone', label: '回访号码', children: contact.callerPhone },
              {
                key: 'answer',
                label: '答复内容（向来电人宣读）',
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{answerOf(contact)}</span>,
              },
            ]
          : []),
      ]}
    />
  );
}
