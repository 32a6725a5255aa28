from aoai.program import main

main()
