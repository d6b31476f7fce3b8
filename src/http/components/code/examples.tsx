import type { VNode } from 'preact';
import { Paragraph } from '../paragraph/Paragraph.js';
import { Code } from './Code.js';

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'a placeholder in text',
    render: () => (
      <Paragraph>
        Gebruik <Code>{'{naam}'}</Code> voor de naam van de ontvanger.
      </Paragraph>
    ),
  },
  {
    name: 'a long hash that breaks',
    render: () => (
      <Paragraph>
        Controlegetal: <Code breakAll>3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b</Code>
      </Paragraph>
    ),
  },
  {
    name: 'an authenticator key',
    render: () => (
      <Paragraph>
        Sleutel: <Code secret>JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</Code>
      </Paragraph>
    ),
  },
];
