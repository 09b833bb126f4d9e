import { setupTestServices } from '@pc/test-services';

export default setupTestServices(['redis']);
