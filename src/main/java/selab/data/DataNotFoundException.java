package selab.data;

/**
 * The files of a data source could not be found. The message lists where we looked and how to get
 * the data.
 */
public class DataNotFoundException extends RuntimeException {

    public DataNotFoundException(String message) {
        super(message);
    }
}
