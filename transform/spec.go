package transform

// DatasetSpec declares a dataset in pipeline.yaml. Placeholder: the transform
// issue fills it.
type DatasetSpec struct {
	Name string
}
