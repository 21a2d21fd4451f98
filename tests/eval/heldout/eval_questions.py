# Held-out check of questions: the `answer` claims of `evidence search --json`.
import json, subprocess, sys
binary, db, path = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [l.rstrip('\n').split('\t') for l in open(path) if l.strip() and not l.startswith('#')]
top1 = top3 = 0
for q, gold in rows:
    gold = set(gold.split(','))
    out = subprocess.run([binary, 'search', q, '--db', db, '--json'], capture_output=True, text=True)
    try:
        ans = [c.get('id') or c.get('claim', {}).get('id') for c in json.loads(out.stdout).get('answer', [])]
    except Exception as e:
        ans = []
    ok1 = bool(ans[:1]) and ans[0] in gold
    ok3 = any(a in gold for a in ans[:3])
    top1 += ok1; top3 += ok3
    if not ok3: print('MISS', q, '->', ans[:3], 'gold', sorted(gold))
print(f'questions: first {top1}/{len(rows)} {100*top1/len(rows):.1f}%  top3 {top3}/{len(rows)} {100*top3/len(rows):.1f}%')
