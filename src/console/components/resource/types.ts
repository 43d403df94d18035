// What a module screen declares about one of its resources; the generic screen (ResourcePage) does the
// rest: list with server-side sorting, search, filters and cursor paging, and a create/edit drawer
// whose fields come from `fields`. Row actions beyond edit/delete are components of the module.
import type { ComponentType, ReactNode } from 'react';
import type { DataTableColumn } from 'mantine-datatable';

export type Option = { value: string; label: string };
export type Row = { id: string };
export type FormValues = Record<string, unknown>;

/** Another resource whose rows are picked by id (a customer for an invoice, a warehouse for stock…). */
export type ReferenceSource = {
  module: string;
  resource: string;
  /** How a row of it is named in selects and columns. */
  label: (row: any) => string;
  /** Extra list parameters (e.g. only active rows). */
  query?: Record<string, string>;
};

export type FieldKind = 'text' | 'textarea' | 'email' | 'decimal' | 'date' | 'select' | 'switch' | 'reference' | 'member' | 'segmented';

export type FieldSpec = {
  /** The API field; dotted for nested objects ('address.city'). */
  name: string;
  label: string;
  kind?: FieldKind;
  required?: boolean;
  description?: string;
  placeholder?: string;
  options?: Option[];
  reference?: ReferenceSource;
  maxLength?: number;
  /** Only when creating, or only when editing (references that cannot change, state set by actions…). */
  on?: 'create' | 'edit';
  /** Steers other fields (member vs external person) but is not sent. */
  local?: boolean;
  visible?: (values: FormValues) => boolean;
  defaultValue?: string | boolean;
  /** Cleared on edit → sent as null (the API's nullable fields); otherwise an empty field is left out. */
  nullable?: boolean;
  upperCase?: boolean;
};

export type FilterSpec = {
  /** The list parameter. */
  name: string;
  label: string;
  kind: 'select' | 'text' | 'reference' | 'boolean' | 'date' | 'decimal';
  options?: Option[];
  reference?: ReferenceSource;
  placeholder?: string;
  /** Sent only once the value is complete (a 3-letter currency, a decimal…): half-typed is not an error. */
  pattern?: RegExp;
  upperCase?: boolean;
};

export type ResourceSpec<T extends Row> = {
  module: string;
  /** Path segment under /orgs/{org}/{module}/. */
  resource: string;
  /** Permission-table resource: buttons follow `${permission}:create|update|delete`. */
  permission: string;
  title: string;
  singular: string;
  description?: ReactNode;
  /** How a row is named in labels ("Edit customer Acme"). */
  label: (row: T) => string;
  columns: DataTableColumn<T>[];
  /** Column accessors the API sorts by (`sort` parameter). */
  sortable?: string[];
  defaultSort?: { field: string; order: 'asc' | 'desc' };
  /** The API takes only `order` (no `sort` field), e.g. newest/oldest first. */
  orderOnly?: boolean;
  /** Placeholder of the `q` search box; no box when absent (the API has no `q` there). */
  search?: string;
  filters?: FilterSpec[];
  /** Create/edit form; no form (and no create/edit buttons) when absent. */
  fields?: FieldSpec[];
  /** Edit form values from a row, when they are not simply the row's fields. */
  toForm?: (row: T) => FormValues;
  canEdit?: (row: T) => boolean;
  canDelete?: (row: T) => boolean;
  /** No delete button at all. */
  noDelete?: boolean;
  /** Where a row leads (relative to the organization, e.g. 'billing/invoices/<id>'). */
  rowHref?: (row: T) => string;
  RowActions?: ComponentType<{ record: T }>;
  /** Text of the empty table. */
  empty?: string;
};
