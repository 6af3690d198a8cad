/**
 * Typed builders for a CloudWatch dashboard's body (the JSON `aws_cloudwatch_dashboard` takes,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html):
 * metric widgets, text widgets, and their layout on the dashboard's 24-column grid.
 */

/** One line of a metric widget: which metric, and how it is drawn. */
export interface WidgetMetric {
  readonly namespace: string;
  readonly name: string;
  /** Dimension name → value; the metric must carry exactly these to match. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** A CloudWatch statistic: Sum, Average, Maximum, p50, p99… */
  readonly stat: string;
  readonly label: string;
  readonly yAxis?: 'left' | 'right';
}

export interface MetricWidgetSpec {
  /** Says what is drawn and where its data comes from. */
  readonly title: string;
  readonly region: string;
  readonly metrics: readonly WidgetMetric[];
  /** Seconds per data point. */
  readonly period: number;
  /** Lines drawn across the graph, e.g. a configured limit. */
  readonly horizontalAnnotations?: readonly { readonly value: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
}

export interface DashboardWidget {
  readonly type: 'metric' | 'text';
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const GRID_COLUMNS = 24;
const DEFAULT_WIDTH = 12;
const DEFAULT_HEIGHT = 6;

export function metricWidget(spec: MetricWidgetSpec): DashboardWidget {
  if (spec.metrics.length === 0) throw new Error(`metric widget "${spec.title}" has no metrics`);
  return {
    type: 'metric',
    width: spec.width ?? DEFAULT_WIDTH,
    height: spec.height ?? DEFAULT_HEIGHT,
    properties: {
      title: spec.title,
      region: spec.region,
      view: 'timeSeries',
      stacked: false,
      period: spec.period,
      metrics: spec.metrics.map((metric) => [
        metric.namespace,
        metric.name,
        ...Object.entries(metric.dimensions).flat(),
        { stat: metric.stat, label: metric.label, ...(metric.yAxis ? { yAxis: metric.yAxis } : {}) },
      ]),
      ...(spec.horizontalAnnotations ? { annotations: { horizontal: spec.horizontalAnnotations } } : {}),
    },
  };
}

export function textWidget(
  markdown: string,
  size: { width?: number; height?: number } = {},
): DashboardWidget {
  return {
    type: 'text',
    width: size.width ?? DEFAULT_WIDTH,
    height: size.height ?? DEFAULT_HEIGHT,
    properties: { markdown },
  };
}

/**
 * The dashboard body: the widgets in the order given, left to right, a new row whenever the next
 * one would not fit in the 24 columns. Explicit positions, so the console shows the order chosen.
 */
export function dashboardBody(widgets: readonly DashboardWidget[]): string {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const placed = widgets.map((widget) => {
    if (widget.width < 1 || widget.width > GRID_COLUMNS)
      throw new Error(`widget width ${widget.width} is not 1..24`);
    if (x + widget.width > GRID_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const at = { ...widget, x, y };
    x += widget.width;
    rowHeight = Math.max(rowHeight, widget.height);
    return at;
  });
  return JSON.stringify({ widgets: placed });
}
