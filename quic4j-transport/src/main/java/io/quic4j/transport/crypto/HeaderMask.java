package io.quic4j.transport.crypto;

import io.quic4j.tls.CipherSuite;

/**
 * The header protection function of a cipher suite: a mask from a 16-byte ciphertext sample
 * (RFC 9001 §5.4.1). Holds its {@link javax.crypto.Cipher}; confined to one thread.
 */
sealed interface HeaderMask permits AesHeaderMask, ChaChaHeaderMask {

    /** Sample length of every suite here (RFC 9001 §5.4.2). */
    int SAMPLE_LENGTH = 16;

    /**
     * Computes the mask for a sample.
     *
     * @param sample {@link #SAMPLE_LENGTH} bytes of ciphertext
     * @param mask receives the mask in its first 5 bytes (16 bytes long: AES writes a whole block)
     */
    void compute(byte[] sample, byte[] mask);

    /**
     * @param suite the cipher suite
     * @param key the header protection key ("quic hp")
     * @return the suite's header protection function
     */
    static HeaderMask create(CipherSuite suite, byte[] key) {
        return AeadSpec.isChaCha(suite) ? new ChaChaHeaderMask(key) : new AesHeaderMask(key);
    }
}
