import { setupTestServices } from '@pc/test-services';

export default setupTestServices(['memcached', 'memcached-pool']);
