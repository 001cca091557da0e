package selab.data;

import selab.io.BadInputException;

/**
 * The files of a data source could not be found. The message lists where we looked and how to get
 * the data.
 */
public class DataNotFoundException extends BadInputException {

    public DataNotFoundException(String message) {
        super(message);
    }
}
