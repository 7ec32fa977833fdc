namespace Sharpdig.Output;

/// <summary>
/// Sorts exactly as libstdc++'s std::sort (introsort: median-of-three quicksort, heapsort fallback,
/// final insertion sort), so that elements that compare equal end up in the order sysdig's C++ code
/// prints them. An unstable sort's tie order is part of sysdig's output.
/// </summary>
public static class CxxSort
{
    const int Threshold = 16;

    public static void Sort<T>(T[] a, Func<T, T, bool> less)
    {
        int n = a.Length;
        if (n < 2) return;
        IntroLoop(a, 0, n, 2 * Log2(n), less);
        FinalInsertionSort(a, 0, n, less);
    }

    static int Log2(int n) => 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);

    static void IntroLoop<T>(T[] a, int first, int last, int depth, Func<T, T, bool> less)
    {
        while (last - first > Threshold)
        {
            if (depth == 0)
            {
                HeapSort(a, first, last, less);
                return;
            }
            depth--;
            int cut = PartitionPivot(a, first, last, less);
            IntroLoop(a, cut, last, depth, less);
            last = cut;
        }
    }

    static int PartitionPivot<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        int mid = first + (last - first) / 2;
        MoveMedianToFirst(a, first, first + 1, mid, last - 1, less);
        return UnguardedPartition(a, first + 1, last, first, less);
    }

    static void MoveMedianToFirst<T>(T[] a, int result, int x, int y, int z, Func<T, T, bool> less)
    {
        if (less(a[x], a[y]))
        {
            if (less(a[y], a[z])) Swap(a, result, y);
            else if (less(a[x], a[z])) Swap(a, result, z);
            else Swap(a, result, x);
        }
        else if (less(a[x], a[z])) Swap(a, result, x);
        else if (less(a[y], a[z])) Swap(a, result, z);
        else Swap(a, result, y);
    }

    static int UnguardedPartition<T>(T[] a, int first, int last, int pivot, Func<T, T, bool> less)
    {
        while (true)
        {
            while (less(a[first], a[pivot])) first++;
            last--;
            while (less(a[pivot], a[last])) last--;
            if (first >= last) return first;
            Swap(a, first, last);
            first++;
        }
    }

    static void FinalInsertionSort<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        if (last - first > Threshold)
        {
            InsertionSort(a, first, first + Threshold, less);
            for (int i = first + Threshold; i < last; i++) UnguardedLinearInsert(a, i, less);
        }
        else
            InsertionSort(a, first, last, less);
    }

    static void InsertionSort<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        if (first == last) return;
        for (int i = first + 1; i < last; i++)
        {
            if (less(a[i], a[first]))
            {
                var value = a[i];
                Array.Copy(a, first, a, first + 1, i - first);
                a[first] = value;
            }
            else
                UnguardedLinearInsert(a, i, less);
        }
    }

    static void UnguardedLinearInsert<T>(T[] a, int last, Func<T, T, bool> less)
    {
        var value = a[last];
        int next = last - 1;
        while (less(value, a[next]))
        {
            a[last] = a[next];
            last = next;
            next--;
        }
        a[last] = value;
    }

    static void HeapSort<T>(T[] a, int first, int last, Func<T, T, bool> less)
    {
        int len = last - first;
        if (len >= 2)
        {
            for (int parent = (len - 2) / 2; ; parent--)
            {
                AdjustHeap(a, first, parent, len, a[first + parent], less);
                if (parent == 0) break;
            }
        }
        while (last - first > 1)
        {
            last--;
            var value = a[last];
            a[last] = a[first];
            AdjustHeap(a, first, 0, last - first, value, less);
        }
    }

    static void AdjustHeap<T>(T[] a, int first, int hole, int len, T value, Func<T, T, bool> less)
    {
        int top = hole, child = hole;
        while (child < (len - 1) / 2)
        {
            child = 2 * (child + 1);
            if (less(a[first + child], a[first + child - 1])) child--;
            a[first + hole] = a[first + child];
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2)
        {
            child = 2 * (child + 1);
            a[first + hole] = a[first + child - 1];
            hole = child - 1;
        }
        int parent = (hole - 1) / 2;
        while (hole > top && less(a[first + parent], value))
        {
            a[first + hole] = a[first + parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        a[first + hole] = value;
    }

    static void Swap<T>(T[] a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);
}
