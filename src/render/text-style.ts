import picocolors from 'picocolors';
import type { Risk, Severity } from '../review-types/index.js';
import { effectiveWidth } from './text-terminal.js';

/** How the terminal report is drawn: colours (or none), the width it wraps to, short or long form. */
export interface TextStyle {
  colors: ReturnType<typeof picocolors.createColors>;
  width: number;
  verbose: boolean;
  risk(risk: Risk): (text: string) => string;
  severity(severity: Severity): (text: string) => string;
}

export function textStyle(options: { color: boolean; width?: number; verbose?: boolean }): TextStyle {
  const colors = picocolors.createColors(options.color);
  return {
    colors,
    width: effectiveWidth(options.width),
    verbose: options.verbose === true,
    risk(risk) {
      if (risk === 'destructive') return (text) => colors.bold(colors.red(text));
      if (risk === 'downtime') return (text) => colors.bold(colors.yellow(text));
      return colors.green;
    },
    severity(severity) {
      if (severity === 'error') return colors.red;
      if (severity === 'warning') return colors.yellow;
      return colors.cyan;
    },
  };
}
