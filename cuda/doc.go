// Package cuda will hold fastgru's optional GPU path, built only with the cuda tag.
package cuda
