"""Numba kernels of the course timetabling search (simulated annealing with delta evaluation).

State: every lecture sits in a slot (time, room), at most one lecture per slot (``slot[t, r]``
is the lecture or -1), so room occupancy holds by construction. Counters kept incrementally:
``gpc[g, t]`` lectures of conflict group g at time t (groups: each course itself, each teacher,
each curriculum), ``cdc[c, d]`` lectures of course c on day d and ``cwd[c]`` its working days,
``crc[c, r]`` lectures of c in room r and ``cnr[c]`` its distinct rooms. Hard violations
(conflict pairs, unavailable times, rooms not allowed or unavailable) are in the cost with a
large weight; the soft cost is the competition's plus the period penalties.

A move takes a lecture from its slot to another slot (t, r); if another lecture occupies that
slot, it goes to the first one's old slot (a swap). Three kinds: any slot, another time in the same room, another
room at the same time; besides, two lectures exchange their times, every lecture of a course
goes to one room (room stability), and a Kempe chain of conflicting lectures swaps its two times.
Delta evaluation is "remove, add, read the counters' change"; a rejected move is undone the same
way; a move that changes only rooms touches only the room terms
(``_room_out``/``_room_in``), not the conflict and compactness counters.
"""

import numpy as np
from numba import njit

# Hard violations are weighed so that one is worth more than any plausible soft gain of a move.
_EXP_TABLE = 4096


@njit(cache=True)
def _iso(gpc, g, t, S):
    """Isolated-lecture cost of group g at time t (its count if no neighbour in the same day)."""
    n = gpc[g, t]
    if n == 0:
        return 0
    s = t % S
    if s > 0 and gpc[g, t - 1] > 0:
        return 0
    if s < S - 1 and gpc[g, t + 1] > 0:
        return 0
    return n


@njit(cache=True)
def _iso_step(gpc, g, t, S, n_after):
    """Change of the isolated-lecture cost of group g when ``gpc[g, t]`` goes up or down by one to
    ``n_after`` (read before the counter changes): its own term and its two neighbours'."""
    s = t % S
    left = s > 0 and gpc[g, t - 1] > 0
    right = s < S - 1 and gpc[g, t + 1] > 0
    up = n_after > gpc[g, t]
    v = 0
    if not (left or right):
        v = 1 if up else -1
    if (up and n_after == 1) or (not up and n_after == 0):
        # t becomes occupied (empty): an occupied neighbour with no other neighbour stops (starts) being isolated
        sign = -1 if up else 1
        if left and not (s > 1 and gpc[g, t - 2] > 0):
            v += sign * gpc[g, t - 1]
        if right and not (s < S - 2 and gpc[g, t + 2] > 0):
            v += sign * gpc[g, t + 1]
    return v


@njit(cache=True)
def _member(g, c, cg_ptr, cg_idx):
    for k in range(cg_ptr[c], cg_ptr[c + 1]):
        if cg_idx[k] == g:
            return 1
    return 0


@njit(cache=True)
def _push(mv_l, mv_t, mv_r, n, x, t, r):
    """Add "lecture x to (t, r)" to a move's list of n lectures; return the new length."""
    mv_l[n] = x
    mv_t[n] = t
    mv_r[n] = r
    return n + 1


@njit(cache=True)
def _hard_delta(c1, t1, r1, t2, r2, c2, gpc, cg_ptr, cg_idx, hard_ct, hard_cr, hard_rt):
    """Change of the hard violations if a lecture of c1 goes from (t1, r1) to (t2, r2) and, when
    c2 >= 0, a lecture of c2 goes the other way; computed without touching the state."""
    dh = hard_ct[c1, t2] - hard_ct[c1, t1] + hard_cr[c1, r2] - hard_cr[c1, r1] + hard_rt[r2, t2] - hard_rt[r1, t1]
    if c2 >= 0:
        dh += hard_ct[c2, t1] - hard_ct[c2, t2] + hard_cr[c2, r1] - hard_cr[c2, r2] + hard_rt[r1, t1] - hard_rt[r2, t2]
    if t1 == t2:
        return dh
    for k in range(cg_ptr[c1], cg_ptr[c1 + 1]):
        g = cg_idx[k]
        dh += gpc[g, t2] - gpc[g, t1] + 1
        if c2 >= 0:
            dh -= _member(g, c2, cg_ptr, cg_idx)
    if c2 >= 0:
        for k in range(cg_ptr[c2], cg_ptr[c2 + 1]):
            g = cg_idx[k]
            dh += gpc[g, t1] - gpc[g, t2] + 1 - _member(g, c1, cg_ptr, cg_idx)
    return dh


@njit(cache=True)
def _remove(x, lec_c, lec_t, lec_r, slot, gpc, cdc, cwd, crc, cnr, cg_ptr, cg_idx, is_curr, S,
            min_days, w_md, w_cc, w_rs, cap_pen, per_pen, hard_ct, hard_cr, hard_rt, out):  # fmt: skip
    c = lec_c[x]
    t = lec_t[x]
    r = lec_r[x]
    d = t // S
    dh = 0
    ds = 0
    for k in range(cg_ptr[c], cg_ptr[c + 1]):
        g = cg_idx[k]
        if is_curr[g]:
            ds += w_cc * _iso_step(gpc, g, t, S, gpc[g, t] - 1)
        gpc[g, t] -= 1
        dh -= gpc[g, t]
    cdc[c, d] -= 1
    if cdc[c, d] == 0:
        cwd[c] -= 1
        if cwd[c] < min_days[c]:
            ds += w_md
    crc[c, r] -= 1
    if crc[c, r] == 0:
        if cnr[c] >= 2:
            ds -= w_rs
        cnr[c] -= 1
    ds -= cap_pen[c, r] + per_pen[c, t]
    dh -= hard_ct[c, t] + hard_cr[c, r] + hard_rt[r, t]
    if slot[t, r] == x:
        slot[t, r] = -1
    out[0] += dh
    out[1] += ds


@njit(cache=True)
def _add(x, t, r, lec_c, lec_t, lec_r, slot, gpc, cdc, cwd, crc, cnr, cg_ptr, cg_idx, is_curr, S,
         min_days, w_md, w_cc, w_rs, cap_pen, per_pen, hard_ct, hard_cr, hard_rt, out):  # fmt: skip
    c = lec_c[x]
    d = t // S
    dh = 0
    ds = 0
    for k in range(cg_ptr[c], cg_ptr[c + 1]):
        g = cg_idx[k]
        dh += gpc[g, t]
        if is_curr[g]:
            ds += w_cc * _iso_step(gpc, g, t, S, gpc[g, t] + 1)
        gpc[g, t] += 1
    if cdc[c, d] == 0:
        if cwd[c] < min_days[c]:
            ds -= w_md
        cwd[c] += 1
    cdc[c, d] += 1
    if crc[c, r] == 0:
        if cnr[c] >= 1:
            ds += w_rs
        cnr[c] += 1
    crc[c, r] += 1
    ds += cap_pen[c, r] + per_pen[c, t]
    dh += hard_ct[c, t] + hard_cr[c, r] + hard_rt[r, t]
    lec_t[x] = t
    lec_r[x] = r
    slot[t, r] = x
    out[0] += dh
    out[1] += ds


@njit(cache=True)
def _room_out(x, lec_c, lec_t, lec_r, slot, crc, cnr, w_rs, cap_pen, hard_cr, hard_rt, out):
    """``_remove`` for a lecture that will come back at the same time: only the room's terms change."""
    c = lec_c[x]
    t = lec_t[x]
    r = lec_r[x]
    crc[c, r] -= 1
    if crc[c, r] == 0:
        if cnr[c] >= 2:
            out[1] -= w_rs
        cnr[c] -= 1
    out[1] -= cap_pen[c, r]
    out[0] -= hard_cr[c, r] + hard_rt[r, t]
    if slot[t, r] == x:
        slot[t, r] = -1


@njit(cache=True)
def _room_in(x, r, lec_c, lec_t, lec_r, slot, crc, cnr, w_rs, cap_pen, hard_cr, hard_rt, out):
    """``_add`` of a lecture taken out by ``_room_out`` into room r at its time."""
    c = lec_c[x]
    t = lec_t[x]
    if crc[c, r] == 0:
        if cnr[c] >= 1:
            out[1] += w_rs
        cnr[c] += 1
    crc[c, r] += 1
    out[1] += cap_pen[c, r]
    out[0] += hard_cr[c, r] + hard_rt[r, t]
    lec_r[x] = r
    slot[t, r] = x


@njit(cache=True)
def full_cost(lec_c, lec_t, lec_r, n_groups, is_curr, cg_ptr, cg_idx, C, D, R, T, S, min_days, w_md, w_cc, w_rs,
              cap_pen, per_pen, hard_ct, hard_cr, hard_rt):  # fmt: skip
    """(hard, soft) of an assignment from scratch (the search's own check of its counters)."""
    gpc = np.zeros((n_groups, T), np.int32)
    cdc = np.zeros((C, D), np.int32)
    crc = np.zeros((C, R), np.int32)
    hard = 0
    soft = 0
    for i in range(lec_c.shape[0]):
        c, t, r = lec_c[i], lec_t[i], lec_r[i]
        for k in range(cg_ptr[c], cg_ptr[c + 1]):
            gpc[cg_idx[k], t] += 1
        cdc[c, t // S] += 1
        crc[c, r] += 1
        soft += cap_pen[c, r] + per_pen[c, t]
        hard += hard_ct[c, t] + hard_cr[c, r] + hard_rt[r, t]
    for g in range(n_groups):
        for t in range(T):
            n = gpc[g, t]
            hard += n * (n - 1) // 2
            if is_curr[g]:
                soft += w_cc * _iso(gpc, g, t, S)
    for c in range(C):
        wd = 0
        for d in range(D):
            if cdc[c, d] > 0:
                wd += 1
        if wd < min_days[c]:
            soft += w_md * (min_days[c] - wd)
        nr = 0
        for r in range(R):
            if crc[c, r] > 0:
                nr += 1
        if nr > 1:
            soft += w_rs * (nr - 1)
    return hard, soft


@njit(cache=True)
def anneal(
    n_iter, temp0, temp1, hard_w, soft_w, max_soft_gain, p_pair, p_any, p_time, p_course, p_kempe, seed_state,
    lec_c, lec_t, lec_r, slot, gpc, cdc, cwd, crc, cnr, cg_ptr, cg_idx, is_curr, S,
    min_days, w_md, w_cc, w_rs, cap_pen, per_pen, hard_ct, hard_cr, hard_rt,
    ar_ptr, ar_idx, cl_ptr, conflict, cur, best, best_t, best_r,
):  # fmt: skip
    """Run ``n_iter`` moves cooling geometrically from ``temp0`` to ``temp1``.

    Moves (probabilities p_kempe, p_course, p_pair, p_any, p_time, the rest):
    - kempe: a random time t2; the chain of lectures that conflict (``conflict[c, c']``: same
      course, teacher or curriculum) alternating between l1's time t1 and t2, starting from l1,
      swaps its times; each keeps its room if that is free at the new time, else takes a free room
      it may use (none: no move). No conflict is created or removed, the other costs change;
    - course: every lecture of l1's course to one room r (each at its own time), the lecture
      found in r at that time going to the moved lecture's old room (room stability);
    - pair: lecture l1 and a random lecture l2 of another course exchange their times, each keeping
      its room; the lectures in those rooms at the other time (if any) go the other way;
    - any: l1 to a random slot (time, room it may use), swapping with the slot's lecture if any;
    - time: l1 to another time in its room, swapping likewise;
    - room: l1 to another room at its time, swapping likewise.
    ``cur`` = [hard, soft] of the current state, updated; ``best`` = [hard, soft] of the best
    state seen (fewest hard violations, then least soft), whose slots are in ``best_t/best_r``.
    ``seed_state`` is the RNG seed for this run. With ``soft_w`` 0 (the phase that looks for a
    feasible timetable) it stops as soon as no hard violation is left. Returns the moves made.
    """
    np.random.seed(seed_state)
    L = lec_c.shape[0]
    T = slot.shape[0]
    out = np.zeros(2, np.int64)
    most = 4
    for c in range(cl_ptr.shape[0] - 1):
        most = max(most, 2 * (cl_ptr[c + 1] - cl_ptr[c]))
    R = slot.shape[1]
    most = max(most, 2 * R + 2)
    mark = np.zeros(L, np.int64)  # mark[x] == it + 1: lecture x is in this move's Kempe chain
    taken = np.zeros((2, R), np.int64)  # taken[k, r] == it + 1: room r is used after the move
    mv_l = np.zeros(most, np.int32)
    mv_t = np.zeros(most, np.int32)
    mv_r = np.zeros(most, np.int32)
    old_t = np.zeros(most, np.int32)
    old_r = np.zeros(most, np.int32)
    ratio = temp1 / temp0
    temp = temp0
    reject_above = 0.0
    for it in range(n_iter):
        if it % 1000 == 0:
            temp = temp0 * ratio ** (it / n_iter)
            # exp(-(x - soft_gain) / temp) < e^-30 for any soft gain a move can plausibly make
            reject_above = max_soft_gain + 30.0 * temp
        l1 = np.random.randint(L)
        c1 = lec_c[l1]
        t1 = lec_t[l1]
        r1 = lec_r[l1]
        u = np.random.random()
        n = 0
        same_time = False  # only rooms change: the time terms need no work
        if u < p_kempe:
            t2 = np.random.randint(T)
            if t2 == t1:
                continue
            stamp = it + 1
            mark[l1] = stamp
            mv_l[0] = l1
            n = 1
            head = 0
            while head < n:
                x = mv_l[head]
                head += 1
                cx = lec_c[x]
                to = t1 + t2 - lec_t[x]
                for r in range(R):
                    y = slot[to, r]
                    if y >= 0 and mark[y] != stamp and conflict[cx, lec_c[y]]:
                        mark[y] = stamp
                        mv_l[n] = y
                        n += 1
            # rooms after the move: those of the lectures that stay are taken
            for r in range(R):
                y = slot[t1, r]
                if y >= 0 and mark[y] != stamp:
                    taken[0, r] = stamp
                y = slot[t2, r]
                if y >= 0 and mark[y] != stamp:
                    taken[1, r] = stamp
            for i in range(n):  # keep the room where it is free
                x = mv_l[i]
                k = 1 if lec_t[x] == t1 else 0
                mv_t[i] = t2 if k == 1 else t1
                rx = lec_r[x]
                if taken[k, rx] != stamp:
                    taken[k, rx] = stamp
                    mv_r[i] = rx
                else:
                    mv_r[i] = -1
            ok = True
            for i in range(n):  # else the first free room it may use, from a random start
                if mv_r[i] >= 0:
                    continue
                x = mv_l[i]
                cx = lec_c[x]
                k = 1 if mv_t[i] == t2 else 0
                na = ar_ptr[cx + 1] - ar_ptr[cx]
                off = np.random.randint(na)
                for j in range(na):
                    r = ar_idx[ar_ptr[cx] + (off + j) % na]
                    if taken[k, r] != stamp and hard_rt[r, mv_t[i]] == 0:
                        taken[k, r] = stamp
                        mv_r[i] = r
                        break
                if mv_r[i] < 0:
                    ok = False
                    break
            if not ok:
                continue
        elif u < p_kempe + p_course:
            same_time = True
            na = ar_ptr[c1 + 1] - ar_ptr[c1]
            r2 = ar_idx[ar_ptr[c1] + np.random.randint(na)]
            if r2 == r1:
                continue
            clash = False
            for x in range(cl_ptr[c1], cl_ptr[c1 + 1]):
                rx = lec_r[x]
                if rx == r2:
                    continue
                tx = lec_t[x]
                for i in range(n):
                    if mv_t[i] == tx and lec_c[mv_l[i]] == c1:
                        clash = True  # two lectures of the course at one time (a hard violation)
                if clash:
                    break
                n = _push(mv_l, mv_t, mv_r, n, x, tx, r2)
                y = slot[tx, r2]
                if y >= 0:
                    if lec_c[y] == c1:
                        clash = True
                        break
                    n = _push(mv_l, mv_t, mv_r, n, y, tx, rx)
            if clash or n == 0:
                continue
        elif u < p_kempe + p_course + p_pair:
            l2 = np.random.randint(L)
            t2 = lec_t[l2]
            r2 = lec_r[l2]
            if lec_c[l2] == c1 or t2 == t1 or r2 == r1:
                continue
            n = _push(mv_l, mv_t, mv_r, 0, l1, t2, r1)
            n = _push(mv_l, mv_t, mv_r, n, l2, t1, r2)
            b = slot[t2, r1]
            if b >= 0:
                n = _push(mv_l, mv_t, mv_r, n, b, t1, r1)
            b = slot[t1, r2]
            if b >= 0:
                n = _push(mv_l, mv_t, mv_r, n, b, t2, r2)
        else:
            na = ar_ptr[c1 + 1] - ar_ptr[c1]
            if u < p_kempe + p_course + p_pair + p_any:
                t2 = np.random.randint(T)
                r2 = ar_idx[ar_ptr[c1] + np.random.randint(na)]
            elif u < p_kempe + p_course + p_pair + p_any + p_time:
                t2 = np.random.randint(T)
                r2 = r1
            else:
                t2 = t1
                r2 = ar_idx[ar_ptr[c1] + np.random.randint(na)]
            if t2 == t1 and r2 == r1:
                continue
            l2 = slot[t2, r2]
            c2 = -1
            if l2 >= 0:
                c2 = lec_c[l2]
                if c2 == c1:
                    continue
            # Cheap rejection of a move that adds hard violations no soft gain could pay for.
            dh = _hard_delta(c1, t1, r1, t2, r2, c2, gpc, cg_ptr, cg_idx, hard_ct, hard_cr, hard_rt)
            if dh > 0 and hard_w * dh > reject_above:
                continue
            same_time = t2 == t1
            n = _push(mv_l, mv_t, mv_r, 0, l1, t2, r2)
            if l2 >= 0:
                n = _push(mv_l, mv_t, mv_r, n, l2, t1, r1)
        out[0] = 0
        out[1] = 0
        if same_time:
            for i in range(n):
                x = mv_l[i]
                old_t[i] = lec_t[x]
                old_r[i] = lec_r[x]
                _room_out(x, lec_c, lec_t, lec_r, slot, crc, cnr, w_rs, cap_pen, hard_cr, hard_rt, out)
            for i in range(n):
                _room_in(mv_l[i], mv_r[i], lec_c, lec_t, lec_r, slot, crc, cnr, w_rs, cap_pen, hard_cr, hard_rt, out)
        else:
            for i in range(n):
                x = mv_l[i]
                old_t[i] = lec_t[x]
                old_r[i] = lec_r[x]
                _remove(x, lec_c, lec_t, lec_r, slot, gpc, cdc, cwd, crc, cnr, cg_ptr, cg_idx, is_curr, S,
                        min_days, w_md, w_cc, w_rs, cap_pen, per_pen, hard_ct, hard_cr, hard_rt, out)  # fmt: skip
            for i in range(n):
                _add(mv_l[i], mv_t[i], mv_r[i], lec_c, lec_t, lec_r, slot, gpc, cdc, cwd, crc, cnr, cg_ptr, cg_idx,
                     is_curr, S, min_days, w_md, w_cc, w_rs, cap_pen, per_pen, hard_ct, hard_cr, hard_rt,
                     out)  # fmt: skip
        delta = hard_w * out[0] + soft_w * out[1]
        if delta <= 0 or np.random.random() < np.exp(-delta / temp):
            cur[0] += out[0]
            cur[1] += out[1]
            if cur[0] < best[0] or (cur[0] == best[0] and cur[1] < best[1]):
                best[0] = cur[0]
                best[1] = cur[1]
                best_t[:] = lec_t
                best_r[:] = lec_r
            if soft_w == 0 and cur[0] == 0:
                return it + 1  # the hard-constraint phase is over
        elif same_time:
            for i in range(n):
                _room_out(mv_l[i], lec_c, lec_t, lec_r, slot, crc, cnr, w_rs, cap_pen, hard_cr, hard_rt, out)
            for i in range(n):
                _room_in(mv_l[i], old_r[i], lec_c, lec_t, lec_r, slot, crc, cnr, w_rs, cap_pen, hard_cr, hard_rt, out)
        else:
            for i in range(n):
                _remove(mv_l[i], lec_c, lec_t, lec_r, slot, gpc, cdc, cwd, crc, cnr, cg_ptr, cg_idx, is_curr, S,
                        min_days, w_md, w_cc, w_rs, cap_pen, per_pen, hard_ct, hard_cr, hard_rt, out)  # fmt: skip
            for i in range(n):
                _add(mv_l[i], old_t[i], old_r[i], lec_c, lec_t, lec_r, slot, gpc, cdc, cwd, crc, cnr, cg_ptr,
                     cg_idx, is_curr, S, min_days, w_md, w_cc, w_rs, cap_pen, per_pen, hard_ct, hard_cr, hard_rt,
                     out)  # fmt: skip
    return n_iter
