import json, subprocess, sys
binary, db, path = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [l.rstrip('\n').split('\t') for l in open(path) if l.strip() and not l.startswith('#')]
claim1 = stance_ok = n = none_ok = nnone = 0
for s, gold in rows:
    out = subprocess.run([binary, 'match', '-', '--db', db, '--json'], input=s, capture_output=True, text=True)
    j = json.loads(out.stdout)
    sents = j.get('sentences', j if isinstance(j, list) else [])
    matches = sents[0]['matches'] if sents else []
    if gold == '-':
        nnone += 1; none_ok += not matches
        if matches: print('FALSE MATCH', s, '->', matches[0]['claim']['id'])
        continue
    n += 1
    pairs = dict(p.split(':') for p in gold.split(','))
    top = matches[0] if matches else None
    if top and top['claim']['id'] in pairs:
        claim1 += 1
        if top['stance'] == pairs[top['claim']['id']]: stance_ok += 1
        else: print('STANCE', s, '->', top['claim']['id'], top['stance'])
    else:
        print('MISS', s, '->', top and top['claim']['id'], 'gold', gold)
print(f'sentences: claim first {claim1}/{n} {100*claim1/n:.1f}%; stance right {stance_ok}/{claim1} of those ({100*stance_ok/max(claim1,1):.1f}%), {stance_ok}/{n} overall; no-claim sentences unmatched {none_ok}/{nnone}')
