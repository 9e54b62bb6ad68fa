// Each test class starts its own host (and Azurite) on a 2-core CI machine: run the classes one after another, so
// that one's storage load does not decide whether another's behaviour shows in time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
