package metrics

import "math"

// eigenMaxSweeps bounds the implicit QL iterations per eigenvalue, as
// LAPACK's dsteqr does (30 on average); one to three are usual.
const eigenMaxSweeps = 30

// symmetricEigen computes the eigenvalues of the symmetric matrix a
// [n × n], row-major, of which it reads the lower triangle, into values [n]
// in ascending order. If vectors is true, a is overwritten with the
// orthonormal eigenvectors, one per column in the order of the values;
// otherwise a is left in an unspecified state. offDiagonal [n] is
// workspace. It allocates nothing, and returns false, with values
// unspecified, if a holds a NaN or an infinity or the iteration does not
// converge.
//
// It is the Householder reduction to tridiagonal form followed by the
// implicit QL algorithm (tred2 and tql2 of EISPACK, in the form of the public
// domain JAMA library), which for the 64 × 64 matrices of the Fréchet
// distance is what LAPACK's dsyev does, without pulling LAPACK into the
// WebAssembly binary. eigen_test.go checks it against gonum's.
func symmetricEigen(a []float64, n int, values, offDiagonal []float64, vectors bool) bool {
	if n < 1 || len(a) < n*n || len(values) < n || len(offDiagonal) < n {
		panic("metrics: symmetricEigen: short buffers")
	}
	for _, v := range a[:n*n] {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	tridiagonalize(a, n, values[:n], offDiagonal[:n], vectors)
	return tridiagonalQL(a, n, values[:n], offDiagonal[:n], vectors)
}

// tridiagonalize reduces the symmetric a [n × n] to a tridiagonal matrix by
// Householder similarity transforms (EISPACK's tred2): its diagonal goes
// to d [n] and its subdiagonal to e[1:n] (e[0] = 0). With vectors, a ends
// as the orthogonal transform Q, so that Qᵀ·a·Q is the tridiagonal matrix.
func tridiagonalize(a []float64, n int, d, e []float64, vectors bool) {
	at := func(i, j int) *float64 { return &a[i*n+j] }
	for j := range n {
		d[j] = *at(n-1, j)
	}
	for i := n - 1; i > 0; i-- {
		// Scale the row to avoid under- and overflow.
		var scale, h float64
		for k := range i {
			scale += math.Abs(d[k])
		}
		if scale == 0 {
			e[i] = d[i-1]
			for j := range i {
				d[j] = *at(i-1, j)
				*at(i, j) = 0
				*at(j, i) = 0
			}
			d[i] = h
			continue
		}
		// The Householder vector.
		for k := range i {
			d[k] /= scale
			h += d[k] * d[k]
		}
		f := d[i-1]
		g := math.Sqrt(h)
		if f > 0 {
			g = -g
		}
		e[i] = scale * g
		h -= f * g
		d[i-1] = f - g
		for j := range i {
			e[j] = 0
		}
		// Apply the similarity transform to the remaining columns.
		for j := range i {
			f = d[j]
			*at(j, i) = f
			g = e[j] + *at(j, j)*f
			for k := j + 1; k <= i-1; k++ {
				g += *at(k, j) * d[k]
				e[k] += *at(k, j) * f
			}
			e[j] = g
		}
		f = 0
		for j := range i {
			e[j] /= h
			f += e[j] * d[j]
		}
		hh := f / (h + h)
		for j := range i {
			e[j] -= hh * d[j]
		}
		for j := range i {
			f, g = d[j], e[j]
			for k := j; k <= i-1; k++ {
				*at(k, j) -= f*e[k] + g*d[k]
			}
			d[j] = *at(i-1, j)
			*at(i, j) = 0
		}
		d[i] = h
	}
	e[0] = 0
	if !vectors {
		for i := range n {
			d[i] = *at(i, i)
		}
		return
	}
	// Accumulate the transforms.
	for i := 0; i < n-1; i++ {
		*at(n-1, i) = *at(i, i)
		*at(i, i) = 1
		h := d[i+1]
		if h != 0 {
			for k := 0; k <= i; k++ {
				d[k] = *at(k, i+1) / h
			}
			for j := 0; j <= i; j++ {
				var g float64
				for k := 0; k <= i; k++ {
					g += *at(k, i+1) * *at(k, j)
				}
				for k := 0; k <= i; k++ {
					*at(k, j) -= g * d[k]
				}
			}
		}
		for k := 0; k <= i; k++ {
			*at(k, i+1) = 0
		}
	}
	for j := range n {
		d[j] = *at(n-1, j)
		*at(n-1, j) = 0
	}
	*at(n-1, n-1) = 1
}

// tridiagonalQL finds the eigenvalues of the symmetric tridiagonal matrix
// with diagonal d [n] and subdiagonal e[1:n] by the implicit QL algorithm
// with Wilkinson-like shifts (EISPACK's tql2), leaving them in d in
// ascending order. With vectors, the rotations are applied to the columns of
// v [n × n] (the tridiagonalizing transform), which end as the eigenvectors.
func tridiagonalQL(v []float64, n int, d, e []float64, vectors bool) bool {
	for i := 1; i < n; i++ {
		e[i-1] = e[i]
	}
	e[n-1] = 0
	var f, largest float64
	const eps = 0x1p-52
	for l := range n {
		// Find a negligible subdiagonal element; e[n-1] = 0 ends the search.
		largest = max(largest, math.Abs(d[l])+math.Abs(e[l]))
		m := l
		for m < n-1 && math.Abs(e[m]) > eps*largest {
			m++
		}
		// If m == l, d[l] is an eigenvalue; otherwise iterate.
		for iter := 0; m > l; iter++ {
			if iter == eigenMaxSweeps {
				return false
			}
			// The implicit shift.
			g := d[l]
			p := (d[l+1] - g) / (2 * e[l])
			r := math.Hypot(p, 1)
			if p < 0 {
				r = -r
			}
			d[l] = e[l] / (p + r)
			d[l+1] = e[l] * (p + r)
			dl1 := d[l+1]
			h := g - d[l]
			for i := l + 2; i < n; i++ {
				d[i] -= h
			}
			f += h
			// The implicit QL transform.
			p = d[m]
			c, c2, c3 := 1.0, 1.0, 1.0
			el1 := e[l+1]
			var s, s2 float64
			for i := m - 1; i >= l; i-- {
				c3, c2, s2 = c2, c, s
				g = c * e[i]
				h = c * p
				r = math.Hypot(p, e[i])
				e[i+1] = s * r
				s = e[i] / r
				c = p / r
				p = c*d[i] - s*g
				d[i+1] = h + s*(c*g+s*d[i])
				if vectors {
					for k := range n {
						row := v[k*n : (k+1)*n]
						h = row[i+1]
						row[i+1] = s*row[i] + c*h
						row[i] = c*row[i] - s*h
					}
				}
			}
			p = -s * s2 * c3 * el1 * e[l] / dl1
			e[l] = s * p
			d[l] = c * p
			if !(math.Abs(e[l]) > eps*largest) {
				break
			}
		}
		d[l] += f
		e[l] = 0
	}
	// Sort the values, and the vectors with them, in ascending order.
	for i := 0; i < n-1; i++ {
		k := i
		for j := i + 1; j < n; j++ {
			if d[j] < d[k] {
				k = j
			}
		}
		if k == i {
			continue
		}
		d[i], d[k] = d[k], d[i]
		if vectors {
			for row := range n {
				v[row*n+i], v[row*n+k] = v[row*n+k], v[row*n+i]
			}
		}
	}
	return true
}
