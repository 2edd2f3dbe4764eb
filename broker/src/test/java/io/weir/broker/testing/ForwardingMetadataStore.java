package io.weir.broker.testing;

import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.store.MetadataListener;
import io.weir.metadata.store.MetadataStore;
import java.util.List;

/**
 * A metadata store that passes every call to another, for tests that change one behaviour (a
 * commit that fails, an image that lags) by overriding it. Closing it leaves the other open.
 */
public class ForwardingMetadataStore implements MetadataStore {
    private final MetadataStore delegate;

    public ForwardingMetadataStore(MetadataStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public MetadataImage image() {
        return delegate.image();
    }

    @Override
    public MetadataImage commit(List<? extends MetadataRecord> records) {
        return delegate.commit(records);
    }

    @Override
    public boolean isCurrent() {
        return delegate.isCurrent();
    }

    @Override
    public MetadataImage sync() {
        return delegate.sync();
    }

    @Override
    public MetadataImage addListener(MetadataListener listener) {
        return delegate.addListener(listener);
    }

    @Override
    public void removeListener(MetadataListener listener) {
        delegate.removeListener(listener);
    }

    @Override
    public void close() {}
}
