import { theme } from 'antd';
import { type CaseStep, caseActionNames, caseStepNames } from '../../../shared/cases';
import type { ProcessDefinition } from './cases.api';

/** Where each step sits in the drawing (the contract fixes the five steps). */
const positions: Record<CaseStep, { x: number; y: number }> = {
  leader_review: { x: 480, y: 70 },
  closed: { x: 860, y: 70 },
  intake: { x: 100, y: 250 },
  investigation: { x: 480, y: 250 },
  feedback: { x: 860, y: 250 },
};
const BOX = { w: 112, h: 40 };

interface Edge {
  from: CaseStep;
  to: CaseStep;
  labels: string[];
  isReturn: boolean;
}

/** The arrows of a definition: one per pair of steps, labelled with the actions that take it. */
export function edgesOf(definition: ProcessDefinition): { edges: Edge[]; loops: Map<CaseStep, string[]> } {
  const edges = new Map<string, Edge>();
  const loops = new Map<CaseStep, string[]>();
  const add = (from: CaseStep, to: CaseStep, label: string, isReturn: boolean) => {
    const key = `${from}>${to}>${isReturn}`;
    const edge = edges.get(key) ?? { from, to, labels: [], isReturn };
    if (!edge.labels.includes(label)) edge.labels.push(label);
    edges.set(key, edge);
  };
  for (const step of definition.steps) {
    for (const a of step.actions) {
      const label = caseActionNames[a.action];
      if (!a.to) loops.set(step.step, [...(loops.get(step.step) ?? []), label]);
      else if (a.to !== 'previous') add(step.step, a.to, label, false);
      else {
        // A return goes to each step whose decision this action answers.
        for (const source of definition.steps) {
          const answers = source.actions.some(
            (s) => s.to === step.step && s.decision && (!a.when?.decisions || a.when.decisions.includes(s.decision)),
          );
          if (answers) add(step.step, source.step, label, true);
        }
      }
    }
  }
  return { edges: [...edges.values()], loops };
}

/** Where the line from a box's centre towards `toward` leaves the box. */
function exitPoint(center: { x: number; y: number }, toward: { x: number; y: number }) {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  const scale = Math.min(BOX.w / 2 / Math.abs(dx || 1e-9), BOX.h / 2 / Math.abs(dy || 1e-9));
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

interface ProcessDiagramProps {
  definition: ProcessDefinition;
  /** The step the case stands in: drawn filled. */
  current?: CaseStep;
  /** Transitions the case has taken (`from>to`): drawn in the accent colour. */
  taken?: ReadonlySet<string>;
}

/** The definition drawn as steps and arrows, with the case's position marked. Plain SVG. */
export function ProcessDiagram({ definition, current, taken }: ProcessDiagramProps) {
  const { token } = theme.useToken();
  const { edges, loops } = edgesOf(definition);
  const markerId = `arrow-${definition.key}-${definition.version}`;
  const markerTakenId = `${markerId}-taken`;
  return (
    <svg
      viewBox="0 0 980 340"
      role="img"
      aria-label={`${definition.name}（第 ${definition.version} 版）流程图`}
      style={{ width: '100%', maxWidth: 980, height: 'auto', fontSize: 12 }}
    >
      <defs>
        {[
          [markerId, token.colorTextTertiary],
          [markerTakenId, token.colorPrimary],
        ].map(([id, color]) => (
          <marker key={id} id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill={color} />
          </marker>
        ))}
      </defs>
      {edges.map((edge) => {
        const a = positions[edge.from];
        const b = positions[edge.to];
        const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
        const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
        const normal = { x: (b.y - a.y) / length, y: -(b.x - a.x) / length };
        // Every arrow bends to its left, so the two directions between a pair of steps never overlap;
        // a return that shares its direction with a forward arrow swings wider.
        const sharesDirection =
          edge.isReturn && edges.some((e) => !e.isReturn && e.from === edge.from && e.to === edge.to);
        const bend = sharesDirection ? 110 : edge.isReturn ? 40 : 28;
        const control = { x: mid.x + normal.x * bend, y: mid.y + normal.y * bend };
        const start = exitPoint(a, control);
        const end = exitPoint(b, control);
        const curveMid = {
          x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
          y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
        };
        // The label sits on the outer side of the curve, growing away from it.
        const anchor = normal.x > 0.3 ? 'start' : normal.x < -0.3 ? 'end' : 'middle';
        const lines = edge.labels.length;
        const labelX = curveMid.x + normal.x * 6;
        const labelY =
          normal.y < -0.3
            ? curveMid.y - 6 - (lines - 1) * 14
            : normal.y > 0.3
              ? curveMid.y + 14
              : curveMid.y + 4 - ((lines - 1) * 14) / 2;
        const isTaken = taken?.has(`${edge.from}>${edge.to}`) ?? false;
        const color = isTaken ? token.colorPrimary : token.colorTextTertiary;
        return (
          <g key={`${edge.from}-${edge.to}-${edge.isReturn}`} data-edge={`${edge.from}>${edge.to}`}>
            <path
              d={`M${start.x},${start.y} Q${control.x},${control.y} ${end.x},${end.y}`}
              fill="none"
              stroke={color}
              strokeWidth={isTaken ? 2 : 1.2}
              strokeDasharray={edge.isReturn ? '5 4' : undefined}
              markerEnd={`url(#${isTaken ? markerTakenId : markerId})`}
            />
            <text
              x={labelX}
              y={labelY}
              textAnchor={anchor}
              fill={edge.isReturn ? token.colorTextSecondary : token.colorText}
            >
              {edge.labels.map((label, i) => (
                <tspan
                  key={label}
                  x={labelX}
                  dy={i === 0 ? 0 : 14}
                  stroke={token.colorBgContainer}
                  strokeWidth={3}
                  paintOrder="stroke"
                >
                  {label}
                </tspan>
              ))}
            </text>
          </g>
        );
      })}
      {definition.steps.map((s) => {
        const p = positions[s.step];
        const isCurrent = s.step === current;
        const loop = loops.get(s.step);
        return (
          <g key={s.step} data-step={s.step} data-current={isCurrent ? 'true' : undefined}>
            {loop && (
              <>
                <path
                  d={`M${p.x - 18},${p.y + BOX.h / 2} C${p.x - 30},${p.y + 62} ${p.x + 30},${p.y + 62} ${p.x + 18},${p.y + BOX.h / 2}`}
                  fill="none"
                  stroke={token.colorTextTertiary}
                  strokeWidth={1.2}
                  markerEnd={`url(#${markerId})`}
                />
                <text x={p.x} y={p.y + 72} textAnchor="middle" fill={token.colorTextSecondary}>
                  {loop.join(' / ')}
                </text>
              </>
            )}
            <rect
              x={p.x - BOX.w / 2}
              y={p.y - BOX.h / 2}
              width={BOX.w}
              height={BOX.h}
              rx={8}
              fill={isCurrent ? token.colorPrimary : token.colorBgContainer}
              stroke={isCurrent ? token.colorPrimary : token.colorBorder}
              strokeWidth={isCurrent ? 2 : 1}
            />
            <text
              className="step-name"
              x={p.x}
              y={p.y + (s.workingDays === null ? 4 : -2)}
              textAnchor="middle"
              fontWeight={600}
              fill={isCurrent ? token.colorTextLightSolid : token.colorText}
            >
              {caseStepNames[s.step]}
            </text>
            {s.workingDays !== null && (
              <text
                x={p.x}
                y={p.y + 13}
                textAnchor="middle"
                fontSize={11}
                fill={isCurrent ? token.colorTextLightSolid : token.colorTextSecondary}
              >
                {s.workingDays} 个工作日
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
