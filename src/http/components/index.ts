// The page components, one folder each with its examples (tested with axe in components.test.tsx).
export { Alert, type AlertProps, type AlertType } from './alert/Alert.js';
export { Button, ButtonRow, type ButtonProps, type ButtonVariant } from './button/Button.js';
export { Code, type CodeProps } from './code/Code.js';
export { DataList, DataRow, type DataRowProps } from './data-list/DataList.js';
export { Heading, type HeadingProps } from './heading/Heading.js';
export { Link, type LinkProps } from './link/Link.js';
export { ListItem, OrderedList, OrderedListItem, UnorderedList } from './list/List.js';
export { Paragraph, type ParagraphProps } from './paragraph/Paragraph.js';
export { Table, type TableColumn, type TableProps } from './table/Table.js';
export { Disclosure } from './disclosure/Disclosure.js';
export { ErrorSummary } from './error-summary/ErrorSummary.js';
export { Checkbox, CheckboxGroup, Input, RadioGroup, Select, TextArea, TextField } from './field/Field.js';
export { Form, SubmitButton, type FieldErrors } from './form/Form.js';
export { Layout } from './layout/Layout.js';
