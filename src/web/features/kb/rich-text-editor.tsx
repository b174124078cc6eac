import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useEffect, useRef } from 'react';

/**
 * A small rich-text box for article bodies (bold, italic, lists, paragraphs). Whatever it produces
 * is sanitised by the server before it is stored, so pasted markup cannot carry scripts.
 */
export function RichTextEditor({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (html: string) => void;
  id?: string;
}) {
  const box = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (box.current && box.current.innerHTML !== (value ?? '')) box.current.innerHTML = value ?? '';
  }, [value]);

  const command = (name: string) => {
    box.current?.focus();
    document.execCommand(name);
    onChange?.(box.current?.innerHTML ?? '');
  };

  return (
    <div style={{ border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <Space size={4} style={{ padding: 4, borderBottom: '1px solid #f0f0f0' }}>
        <Button size="small" icon={<BoldOutlined />} aria-label="加粗" onClick={() => command('bold')} />
        <Button size="small" icon={<ItalicOutlined />} aria-label="斜体" onClick={() => command('italic')} />
        <Button
          size="small"
          icon={<OrderedListOutlined />}
          aria-label="编号列表"
          onClick={() => command('insertOrderedList')}
        />
        <Button
          size="small"
          icon={<UnorderedListOutlined />}
          aria-label="项目列表"
          onClick={() => command('insertUnorderedList')}
        />
      </Space>
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text box cannot be a textarea; role=textbox with aria-multiline is the ARIA pattern for it. */}
      <div
        id={id}
        ref={box}
        role="textbox"
        aria-label="正文"
        aria-multiline="true"
        tabIndex={0}
        contentEditable
        suppressContentEditableWarning
        onInput={() => onChange?.(box.current?.innerHTML ?? '')}
        style={{
          minHeight: 220,
          maxHeight: 480,
          overflow: 'auto',
          padding: '8px 12px',
          outline: 'none',
          lineHeight: 1.8,
        }}
      />
    </div>
  );
}
