/** "1 card", "3 cards"; `many` for irregular plurals ("2 people"). */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
