// Shared by this screen's component specs: the machine running them may be busy (two cores shared
// by several builds), so a rendered DataGrid gets more time than the defaults allow.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });
