import { PhoneOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  type Channel,
  type ContactDetail,
  type ContactType,
  channelNames,
  channels,
  contactTypeNames,
  contactTypes,
  type IncomingCall,
  type NewContact,
  type Outcome,
  taxKinds,
} from '../../../shared/contacts';
import { formatDeadline } from '../../../shared/deadlines';
import { checkTaxpayerId } from '../../../shared/taxpayer-id';
import { KbSearchPanel } from '../../components/kb-search-panel';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { useDepartments } from '../../reference-data';
import { CallerHistoryPanel } from './caller-history-panel';
import { ContactDetailDrawer } from './contact-detail-drawer';
import { LinkButton } from './contact-tags';
import { registerContact } from './contacts.api';
import { DepartmentSelect } from './department-select';
import { useServerEvents } from './use-server-events';

interface FormValues {
  callerPhone: string;
  taxpayerId?: string;
  taxpayerName?: string;
  type: ContactType;
  channel: Channel;
  taxKind?: string;
  subject: string;
  content: string;
  answer?: string;
  outcome: Outcome;
  departmentId?: number;
  transferNote?: string;
  named?: boolean;
  reporterName?: string;
  subjectName?: string;
}

const initialValues: Partial<FormValues> = { type: 'consult', channel: 'phone', outcome: 'answered' };
const isCaseType = (type: ContactType | undefined) => type === 'report' || type === 'complaint';

/** The phone number as the server stores it (digits, an optional leading +). */
const normalisePhone = (value: string | undefined) => (value ?? '').replace(/[\s\-()]/g, '');

/**
 * 来电工作台: the incoming-call pop, the contact form, the caller's history and the knowledge search,
 * on one screen. Keyboard: Tab through the form, Ctrl+Enter registers, Alt+N starts a new contact.
 */
export function WorkspacePage() {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const { data: departments } = useDepartments();
  const [call, setCall] = useState<IncomingCall | null>(null);
  /** When (browser time) the agent started on this contact: only the elapsed seconds are sent. */
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [articles, setArticles] = useState<Array<{ id: number; title: string }>>([]);
  const [last, setLast] = useState<ContactDetail | null>(null);
  const [openContactId, setOpenContactId] = useState<number | null>(null);
  const phoneInput = useRef<HTMLInputElement | null>(null);

  const type = Form.useWatch('type', form);
  const outcome = Form.useWatch('outcome', form);
  const phone = Form.useWatch('callerPhone', form);
  const taxpayerId = Form.useWatch('taxpayerId', form);
  const subject = Form.useWatch('subject', form);
  const content = Form.useWatch('content', form);
  const named = Form.useWatch('named', form);

  const lookupPhone = normalisePhone(phone);
  const checkedId = taxpayerId ? checkTaxpayerId(taxpayerId) : undefined;

  const startNew = useCallback(() => {
    form.resetFields();
    setCall(null);
    setStartedAt(null);
    setArticles([]);
    setTimeout(() => phoneInput.current?.focus(), 0);
  }, [form]);

  const push = useServerEvents<IncomingCall>('call.incoming', (incoming) => {
    form.resetFields();
    form.setFieldsValue({ callerPhone: incoming.from, channel: 'phone' });
    setArticles([]);
    setCall(incoming);
    setStartedAt(Date.now());
    setTimeout(() => phoneInput.current?.focus(), 0);
  });

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.altKey && (event.key === 'n' || event.key === 'N')) {
        event.preventDefault();
        startNew();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [startNew]);

  const { submit, isSubmitting: isSaving } = useSubmit(
    async (values: FormValues) => {
      const trimmed = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
      const input: NewContact = {
        channel: values.channel,
        type: values.type,
        callerPhone: values.callerPhone.trim(),
        subject: values.subject.trim(),
        content: values.content.trim(),
        outcome: values.outcome,
        ...(trimmed(values.taxpayerId) ? { taxpayerId: trimmed(values.taxpayerId) } : {}),
        ...(trimmed(values.taxpayerName) ? { taxpayerName: trimmed(values.taxpayerName) } : {}),
        ...(trimmed(values.taxKind) ? { taxKind: trimmed(values.taxKind) } : {}),
        ...(trimmed(values.answer) ? { answer: trimmed(values.answer) } : {}),
        ...(values.outcome === 'transfer' && !isCaseType(values.type) && values.departmentId
          ? { departmentId: values.departmentId }
          : {}),
        ...(values.outcome === 'transfer' && trimmed(values.transferNote)
          ? { transferNote: trimmed(values.transferNote) }
          : {}),
        ...(values.outcome === 'transfer' && isCaseType(values.type)
          ? {
              named: values.named ?? false,
              ...(values.named && trimmed(values.reporterName) ? { reporterName: trimmed(values.reporterName) } : {}),
              ...(trimmed(values.subjectName) ? { subjectName: trimmed(values.subjectName) } : {}),
            }
          : {}),
        ...(articles.length > 0 ? { kbArticles: articles } : {}),
        ...(call
          ? { callRecordId: call.callRecordId }
          : startedAt
            ? { handlingSeconds: Math.min(43_200, Math.max(0, Math.round((Date.now() - startedAt) / 1000))) }
            : {}),
      };
      const contact = await registerContact(input);
      setLast(contact);
      void message.success(
        contact.ticketNo ? `已登记 ${contact.contactNo}，转办单 ${contact.ticketNo}` : `已登记 ${contact.contactNo}`,
      );
      startNew();
    },
    { form },
  );

  const onFormKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.submit();
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        {call && (
          <Alert
            type="info"
            showIcon
            icon={<PhoneOutlined />}
            style={{ marginBottom: 16 }}
            data-testid="incoming-call"
            title={`来电 ${call.from}`}
            description={`呼入 ${call.to}${call.queue ? ` · 队列 ${call.queue}` : ''}${call.ivrPath ? ` · 按键 ${call.ivrPath}` : ''} · ${formatDateTime(call.at).slice(11)}`}
            closable={{ onClose: () => setCall(null) }}
          />
        )}
        <Card
          title="来电登记"
          extra={
            <Space>
              {push.isConnected ? <Tag color="green">来电弹屏已连接</Tag> : <Tag color="default">来电弹屏未连接</Tag>}
              <Typography.Text type="secondary">Ctrl+Enter 登记 · Alt+N 新来电</Typography.Text>
              <Button onClick={startNew}>新来电</Button>
            </Space>
          }
        >
          <Form<FormValues>
            form={form}
            name="contact"
            layout="vertical"
            initialValues={initialValues}
            onFinish={(values) => void submit(values)}
            onKeyDown={onFormKeyDown}
            onValuesChange={() => {
              if (!startedAt) setStartedAt(Date.now());
            }}
          >
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item
                  label="来电号码"
                  name="callerPhone"
                  rules={[
                    { required: true, whitespace: true, message: '请输入来电号码' },
                    { pattern: /^\s*\+?[\d\s\-()]{3,24}\s*$/, message: '电话号码须为 3–20 位数字' },
                  ]}
                >
                  <Input
                    ref={(el) => {
                      phoneInput.current = el?.input ?? null;
                    }}
                    autoFocus
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  label="纳税人识别号"
                  name="taxpayerId"
                  validateTrigger="onBlur"
                  rules={[
                    {
                      validator: async (_, value: string | undefined) => {
                        if (!value?.trim()) return;
                        const checked = checkTaxpayerId(value);
                        if (!checked.ok) throw new Error(checked.message);
                      },
                    },
                  ]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="纳税人名称" name="taxpayerName">
                  <Input />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="诉求类型" name="type">
                  <Select options={contactTypes.map((t) => ({ value: t, label: contactTypeNames[t] }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="受理渠道" name="channel">
                  <Select options={channels.map((c) => ({ value: c, label: channelNames[c] }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="税种" name="taxKind">
                  <AutoComplete
                    options={taxKinds.map((k) => ({ value: k }))}
                    showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              label="主题"
              name="subject"
              rules={[{ required: true, whitespace: true, message: '请输入主题' }, { max: 200 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              label="来电内容"
              name="content"
              rules={[{ required: true, whitespace: true, message: '请输入来电内容' }]}
            >
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Form.Item
              label="答复内容"
              name="answer"
              rules={[
                {
                  required: outcome === 'answered',
                  whitespace: true,
                  message: '当场答复须填写答复内容',
                },
              ]}
            >
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            {articles.length > 0 && (
              <Form.Item label="引用知识">
                {articles.map((a) => (
                  <Tag key={a.id} closable onClose={() => setArticles((all) => all.filter((x) => x.id !== a.id))}>
                    {a.title}
                  </Tag>
                ))}
              </Form.Item>
            )}
            <Form.Item label="处理方式" name="outcome">
              <Radio.Group
                options={[
                  { value: 'answered', label: '当场答复', disabled: type === 'report' },
                  { value: 'transfer', label: isCaseType(type) ? '移交投诉举报' : '转办' },
                ]}
              />
            </Form.Item>
            {outcome === 'transfer' && !isCaseType(type) && (
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item
                    label="转办处室"
                    name="departmentId"
                    rules={[{ required: true, message: '请选择转办处室' }]}
                  >
                    <DepartmentSelect departments={departments} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label="转办说明" name="transferNote">
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
            )}
            {outcome === 'transfer' && isCaseType(type) && (
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item label="实名 / 匿名" name="named" rules={[{ required: true, message: '请选择' }]}>
                    <Radio.Group
                      options={[
                        { value: true, label: '实名' },
                        { value: false, label: '匿名' },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item
                    label={type === 'report' ? '举报人姓名' : '投诉人姓名'}
                    name="reporterName"
                    rules={[{ required: named === true, message: '实名须填写姓名' }]}
                  >
                    <Input disabled={named !== true} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item
                    label={type === 'report' ? '被举报对象' : '被投诉对象'}
                    name="subjectName"
                    rules={[{ required: true, whitespace: true, message: '请填写对象' }]}
                  >
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
            )}
            <Space>
              <Button type="primary" htmlType="submit" loading={isSaving}>
                {outcome === 'transfer' ? (isCaseType(type) ? '登记并移交' : '登记并转办') : '登记'}
              </Button>
              <Link to="/inbox">我的待办</Link>
            </Space>
          </Form>
        </Card>
        {last && (
          <Card size="small" style={{ marginTop: 16 }} title="刚登记">
            <Space wrap>
              <LinkButton onClick={() => setOpenContactId(last.id)}>{last.contactNo}</LinkButton>
              <span>{last.subject}</span>
              {last.ticketNo && <Tag>转办单 {last.ticketNo}</Tag>}
              {last.caseNo && <Tag color="purple">投诉举报 {last.caseNo}</Tag>}
              {last.dueAt && (
                <Tag color="green">
                  {last.caseNo ? '办理期限' : '答复时限'} {formatDeadline(last.dueAt)}
                </Tag>
              )}
            </Space>
          </Card>
        )}
      </Col>
      <Col xs={24} xl={10}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card title="来电人历史" size="small">
            <CallerHistoryPanel
              phone={lookupPhone.length >= 7 ? lookupPhone : undefined}
              taxpayerId={checkedId?.ok ? checkedId.value : undefined}
              onOpen={setOpenContactId}
            />
          </Card>
          <Card title="知识库" size="small">
            <KbSearchPanel
              query={subject?.trim() ? subject : (content ?? '')}
              onUseArticle={(article) => {
                const current = form.getFieldValue('answer') as string | undefined;
                form.setFieldsValue({
                  answer: current?.trim() ? `${current}\n${article.answerText}` : article.answerText,
                });
                setArticles((all) =>
                  all.some((a) => a.id === article.id) ? all : [...all, { id: article.id, title: article.title }],
                );
              }}
            />
          </Card>
        </Space>
      </Col>
      {openContactId !== null && (
        <ContactDetailDrawer contactId={openContactId} onClose={() => setOpenContactId(null)} />
      )}
    </Row>
  );
}
