package io.atpsync.schemas.registry;

/**
 * The registry answered with an error, or could not be reached. {@code errorCode} is the Confluent {@code error_code}
 * (e.g. 40403 schema not found, 409 incompatible), or -1 when nothing answered.
 */
public final class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }
}
