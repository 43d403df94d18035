export * from './types';
export { resourcePath, resourceListQuery, referenceQuery, useModuleMutation, useRowAction, type ListParams } from './api';
export { ResourcePage } from './ResourcePage';
export { ResourceTable } from './ResourceTable';
export { ResourceForm } from './ResourceForm';
export { ReferenceSelect, RefName, useReferenceLabels, MemberSelect, MemberName, useMemberLabels, Empty } from './references';
export { RowActionButton } from './RowActionButton';
export { StateBadge } from './StateBadge';
export { formatDate, money, quantity, shortId } from './format';
