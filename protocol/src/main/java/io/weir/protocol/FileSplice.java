package io.weir.protocol;

/**
 * Where file-backed records go in a response written by {@link EncodedResponse#writeSplit}: the
 * records' bytes belong between buffer bytes {@code [0, bufferOffset)} and the rest.
 *
 * @param bufferOffset offset in the split buffer at which the records are spliced in
 * @param records the file region to send at that point
 */
public record FileSplice(int bufferOffset, SliceRecords records) {}
