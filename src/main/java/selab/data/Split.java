package selab.data;

/** Which half of a dataset: the training split or the held-out test (validation) split. */
public enum Split {
    TRAIN,
    TEST
}
